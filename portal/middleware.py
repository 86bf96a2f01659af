from django.conf import settings


def security_headers(get_response):
    """Headers Django's SecurityMiddleware does not set itself."""

    def middleware(request):
        response = get_response(request)
        camera = "(self)" if request.path.startswith(settings.CAMERA_ALLOWED_PATHS) else "()"
        response.headers.setdefault(
            "Permissions-Policy",
            f"camera={camera}, microphone={camera}, geolocation=(), payment=(), usb=(), "
            "interest-cohort=()",
        )
        response.headers.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        return response

    return middleware
