"""Following an officer: the writes (idempotent, counted in the same transaction), the
views behind the follow button."""

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from officers.models import Follow, Officer
from portal.accounts import refuse, refuse_write, safe_next, write_done
from portal.counters import add_counted, remove_counted


def follow(user, officer):
    """Follows `officer` once; double clicks, replays and concurrent requests end in
    one row and one count (the database constraint decides). True if this call did.
    Raises ValidationError for the officer's own channel."""
    return add_counted(
        Follow, Officer.objects.filter(pk=officer.pk), "follower_count",
        user=user, officer=officer,
    )


def unfollow(user, officer):
    return remove_counted(
        Follow, Officer.objects.filter(pk=officer.pk), "follower_count",
        user=user, officer=officer,
    )


# Like the signed-in user itself (portal/backends.py): a short life bounds the one case no
# forgetting covers, a read that overtakes a concurrent change of the same reader.
FOLLOWED_CACHE_SECONDS = 60


def _followed_key(user_id):
    return f"follows:{user_id}"


def followed_officer_ids(user):
    """The ids of the officers `user` follows, in order. Every signed-in view of the feed
    asks this; from the cache when it is shared by every process (as the signed-in user
    is, CACHE_SIGNED_IN_USERS), forgotten on every change of their follows."""
    if not settings.CACHE_SIGNED_IN_USERS:
        return _followed_officer_ids(user.pk)
    key = _followed_key(user.pk)
    ids = cache.get(key)
    if ids is None:
        ids = _followed_officer_ids(user.pk)
        cache.set(key, ids, FOLLOWED_CACHE_SECONDS)
    return ids


def _followed_officer_ids(user_id):
    return tuple(Follow.objects.filter(user_id=user_id).order_by("officer_id")
                 .values_list("officer_id", flat=True))


def forget_followed(user_id):
    """At once, and again after the commit: a request between the two may have read the
    follows from before the change."""
    key = _followed_key(user_id)
    cache.delete(key)
    transaction.on_commit(lambda: cache.delete(key))


def is_following(user, officer):
    return user.is_authenticated and Follow.objects.filter(user=user, officer=officer).exists()


# Views -------------------------------------------------------------------------------

def _respond(request, officer, message):
    def fragment():
        officer.refresh_from_db(fields=["follower_count"])
        return render(request, "officers/includes/follow_button.html", {
            "officer": officer, "following": is_following(request.user, officer),
            "show_count": request.POST.get("show_count") == "1",
            "next_url": safe_next(request, officer.get_absolute_url()),
        })

    return write_done(request, fragment, officer.get_absolute_url(), message)


@require_POST
def follow_view(request, handle):
    officer = get_object_or_404(Officer.objects.active(), handle=handle)
    refusal = refuse_write(request, "follow", officer.get_absolute_url())
    if refusal:
        return refusal
    try:
        follow(request.user, officer)
    except ValidationError as error:
        return refuse(request, " ".join(error.messages), 403, officer.get_absolute_url())
    return _respond(request, officer, _("You follow %(name)s.") % {"name": officer.display_name})


@require_POST
def unfollow_view(request, handle):
    officer = get_object_or_404(Officer.objects.active(), handle=handle)
    refusal = refuse_write(request, "follow", officer.get_absolute_url())
    if refusal:
        return refusal
    unfollow(request.user, officer)
    return _respond(request, officer, _("You no longer follow %(name)s.") % {
        "name": officer.display_name})
