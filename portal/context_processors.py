from django.conf import settings

from portal.errors import back_url


def site(request):
    return {
        "EMERGENCY_NUMBER": settings.EMERGENCY_NUMBER,
        "ONLINE_POLICE_STATION_URL": settings.ONLINE_POLICE_STATION_URL,
        "SITE_URL": settings.SITE_URL,
        # The error pages' way back (portal/errors.py renders its own pages without this).
        "back_url": lambda: back_url(request),
    }
