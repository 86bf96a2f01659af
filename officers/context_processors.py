from django.core.cache import cache

from officers.models import Officer

NAV_CACHE_KEY = "officers:nav"


def nav_officers(request):
    officers = cache.get(NAV_CACHE_KEY)
    if officers is None:
        officers = list(Officer.objects.active().order_by("display_name").only(
            "handle", "display_name"))
        cache.set(NAV_CACHE_KEY, officers, 300)
    return {"nav_officers": officers}
