from django.core.cache import cache
from django.utils.functional import SimpleLazyObject

from officers.models import Officer
from portal import pagecache

NAV_CACHE_KEY = "officers:nav:2"
RUNNERS_CACHE_KEY = "officers:nav:users"


def _active_officers():
    officers = cache.get(NAV_CACHE_KEY)
    if officers is None:
        officers = list(Officer.objects.active().order_by("display_name").only(
            "handle", "display_name"))
        cache.set(NAV_CACHE_KEY, officers, 300)
    return officers


def runs_channel(user):
    if not user.is_authenticated:
        return False
    # Asked on nearly every signed-in request: from this process's memory for a moment.
    return user.pk in pagecache.in_memory(RUNNERS_CACHE_KEY, _runners)


def _runners():
    runners = cache.get(RUNNERS_CACHE_KEY)
    if runners is None:
        runners = frozenset(Officer.objects.runners())
        cache.set(RUNNERS_CACHE_KEY, runners, 300)
    return runners


def nav_officers(request):
    """The active channels for the navigation, and whether the signed-in user runs one
    (for the studio link), from the cache and only when a page uses them: the
    navigation itself is a cached fragment (templates/includes/officer_nav.html)."""
    return {
        "nav_officers": SimpleLazyObject(_active_officers),
        "user_runs_channel": SimpleLazyObject(lambda: runs_channel(request.user)),
    }
