from django.conf import settings


def site(request):
    return {
        "EMERGENCY_NUMBER": settings.EMERGENCY_NUMBER,
        "ONLINE_POLICE_STATION_URL": settings.ONLINE_POLICE_STATION_URL,
        "SITE_URL": settings.SITE_URL,
    }
