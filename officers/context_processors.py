from django.core.cache import cache

from officers.models import Officer

NAV_CACHE_KEY = "officers:nav:2"


def nav_officers(request):
    """The active channels for the navigation, from the cache; and whether the signed-in
    user runs one of them (for the studio link), without a query of its own."""
    officers = cache.get(NAV_CACHE_KEY)
    if officers is None:
        officers = list(Officer.objects.active().order_by("display_name").only(
            "handle", "display_name", "user"))
        cache.set(NAV_CACHE_KEY, officers, 300)
    user = getattr(request, "user", None)
    runs_channel = bool(user is not None and user.is_authenticated
                        and any(o.user_id == user.pk for o in officers))
    return {"nav_officers": officers, "user_runs_channel": runs_channel}
