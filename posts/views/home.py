"""The home page: the latest published posts of all officers, and the officers."""

from django.contrib.auth.decorators import login_not_required
from django.shortcuts import render

from officers.context_processors import runs_channel
from officers.models import Officer
from portal.pagecache import cache_public_page
from portal.pagination import page_of
from posts.models import Post


def home_reader(request):
    """The home page is the same for every signed-in reader but officers (their menu
    has the studio)."""
    return None if runs_channel(request.user) else ()


@login_not_required
@cache_public_page(scopes=["site"], params=["before", "after"], reader=home_reader)
def home(request):
    page = page_of(request, Post.objects.published().for_cards())
    officers = Officer.objects.for_listing()
    return render(request, "portal/home.html", {"page": page, "officers": officers})
