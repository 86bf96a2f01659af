import math

from allauth.account import app_settings as account_settings
from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.files.storage import default_storage
from django.http import HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET

from portal import health, ratelimit
from portal.media.serving import file_response


@login_not_required
@require_GET
def healthz(request):
    """For load balancers and monitoring. "unhealthy" (503) when the database does not
    answer: this instance serves little but stored pages. "degraded" (200) when it
    serves, but slower or late: the cache is down (pages come from the database), or a
    task has waited longer than HEALTH_TASK_WAIT_SECONDS (uploads stay "processing",
    e-mails late: look at the workers)."""
    report = {"database": health.database(), "cache": health.cache()}
    report["tasks"] = health.tasks() if report["database"] == "ok" else "unknown"
    if report["database"] != "ok":
        status = "unhealthy"
    elif report["cache"] == "down" or health.tasks_late(report["tasks"]):
        status = "degraded"
    else:
        status = "ok"
    return JsonResponse({"status": status, **report},
                        status=503 if status == "unhealthy" else 200)


@login_not_required
def legal_page(request, page):
    return render(request, f"portal/{page}.html")


@login_not_required
def privacy(request):
    """The privacy page, with the periods taken from the settings that set them."""
    day = 24 * 60 * 60
    return render(request, "portal/privacy.html", {
        "language_cookie_days": settings.LANGUAGE_COOKIE_AGE // day,
        "public_media_minutes": max(1, settings.PUBLIC_MEDIA_MAX_AGE // 60),
        "confirmation_days": account_settings.EMAIL_CONFIRMATION_EXPIRE_DAYS,
        "session_days": settings.SESSION_COOKIE_AGE // day,
        "task_record_days": settings.TASK_RESULTS_KEEP_DAYS,
        "rate_limit_hours": math.ceil(ratelimit.longest_window() / 3600),
        "inbox_close_days": settings.INBOX_AUTO_CLOSE_DAYS,
        "inbox_retention_days": settings.INBOX_RETENTION_DAYS,
        "upload_expiry_hours": settings.RESUMABLE_UPLOAD_EXPIRY_HOURS,
        "actor_retention_days": settings.FEDERATION_ACTOR_RETENTION_DAYS,
        "report_retention_days": settings.FEDERATION_REPORT_RETENTION_DAYS,
        "feedback_answer_months": settings.ACCESSIBILITY_FEEDBACK_ANSWER_MONTHS,
        "feedback_retention_days": settings.ACCESSIBILITY_FEEDBACK_RETENTION_DAYS,
        "feedback_rate_hours": math.ceil(
            ratelimit.parse(settings.RATE_LIMITS["accessibility_feedback"])[1] / 3600),
        "problem_report_days": settings.PROBLEM_REPORT_RETENTION_DAYS,
    })


@login_not_required
@require_GET
def set_language(request):
    """Switches the interface language by a plain link, so that reading pages never
    need a form or a CSRF cookie; the language cookie is set only on request."""
    language = request.GET.get("language", "")
    next_url = request.GET.get("next", "/")
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = "/"
    response = HttpResponseRedirect(next_url)
    if language in dict(settings.LANGUAGES):
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            language,
            max_age=settings.LANGUAGE_COOKIE_AGE,
            samesite="Lax",
            secure=settings.SESSION_COOKIE_SECURE,
        )
    return response


@login_not_required
@require_GET
def media_file(request, name):
    """Serves public renditions when no proxy or object store does (embedded set-up),
    with the cache lifetime of settings.PUBLIC_MEDIA_CACHE_CONTROL. A file taken off the
    public store answers 404 from then on (uncached)."""
    response = file_response(default_storage, name, request)
    response["Cache-Control"] = settings.PUBLIC_MEDIA_CACHE_CONTROL
    return response

