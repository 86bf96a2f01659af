from django.contrib.auth.decorators import user_passes_test
from django.shortcuts import render


def officer_required(view):
    return user_passes_test(lambda u: u.is_authenticated and hasattr(u, "officer"))(view)


@officer_required
def index(request):
    posts = request.user.officer.posts.order_by("-created_at")
    return render(request, "posts/studio/index.html", {"posts": posts})
