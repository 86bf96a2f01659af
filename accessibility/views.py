"""The public pages of the accessibility app: Leichte Sprache, German Sign Language,
the accessibility statement and the feedback form."""

import datetime

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core import signing
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from accessibility import enforcement
from accessibility.forms import FeedbackForm, local_page
from accessibility.models import EasyLanguagePage, Feedback, SignLanguageVideo, Topic
from accessibility.models.feedback import answer_deadline
from portal import ratelimit
from portal.pagecache import cache_public_page

SENT_SALT = "accessibility.feedback.sent"
# When the statement was last reviewed against the portal (BITV 2.0 § 7 asks for the date).
STATEMENT_REVIEWED = datetime.date(2026, 12, 4)


@login_not_required
@cache_public_page(scopes=["site", "accessibility"])
def easy_language_index(request):
    return render(request, "accessibility/easy_language_index.html", {
        "pages": EasyLanguagePage.objects.published(),
    })


@login_not_required
@cache_public_page(scopes=["site", "accessibility"])
def easy_language_page(request, slug):
    page = get_object_or_404(EasyLanguagePage.objects.published(), slug=slug)
    pages = list(EasyLanguagePage.objects.published().only("title", "slug"))
    index = next(i for i, p in enumerate(pages) if p.pk == page.pk)
    video = (SignLanguageVideo.objects.shown().filter(topic=page.topic).first()
             if page.topic else None)
    return render(request, "accessibility/easy_language_page.html", {
        "page": page,
        "previous": pages[index - 1] if index > 0 else None,
        "next": pages[index + 1] if index + 1 < len(pages) else None,
        "video": video,
    })


@login_not_required
@cache_public_page(scopes=["site", "accessibility"])
def sign_language(request):
    return render(request, "accessibility/sign_language.html", {
        "videos": SignLanguageVideo.objects.shown(),
    })


@login_not_required
@cache_public_page(scopes=["site", "accessibility"])
def statement(request):
    """The accessibility statement (BGG § 12b, BITV 2.0 § 7): a template, because what
    is not yet accessible is a property of the code and changes with it; the explanations
    still missing in Leichte Sprache or DGS are read from what the press office
    published."""
    easy = set(EasyLanguagePage.objects.published().values_list("topic", flat=True))
    signed = set(SignLanguageVideo.objects.shown().values_list("topic", flat=True))
    return render(request, "accessibility/statement.html", {
        "body": enforcement.current(),
        "missing_easy_language": Topic.missing(easy),
        "missing_sign_language": Topic.missing(signed),
        "reviewed": STATEMENT_REVIEWED,
        "answer_months": settings.ACCESSIBILITY_FEEDBACK_ANSWER_MONTHS,
        "feedback_email": settings.ACCESSIBILITY_FEEDBACK_EMAIL,
    })


@login_not_required
@never_cache  # the form's token, and the sender's words after an error, are theirs alone
def feedback(request):
    """The feedback form (no account needed; linked from every page's footer, with the
    page it was opened on). It carries a CSRF token and so sets the security cookie: the
    one public form that does, because it must work without an account."""
    status = 200
    if request.method == "POST":
        form = FeedbackForm(request.POST)
        if form.is_valid():
            if ratelimit.allow(request, "accessibility_feedback"):
                data = form.cleaned_data
                item = Feedback.receive(
                    message=data["message"], page=data["page"], name=data["name"],
                    email=data["email"], language=translation.get_language() or "de",
                    sender=request.user)
                token = signing.dumps(item.pk, salt=SENT_SALT)
                return redirect(reverse("accessibility:feedback_sent") + f"?ref={token}")
            form.add_error(None, _("You have sent several messages in a short time. "
                                   "Please try again later, or write to us by e-mail."))
            status = 429
        else:
            status = 400
    else:
        form = FeedbackForm(initial={
            "page": local_page(request.GET.get("from")),
            "email": request.user.email if request.user.is_authenticated else "",
        })
    return render(request, "accessibility/feedback.html", {
        "form": form,
        "due_on": answer_deadline(),
        "answer_months": settings.ACCESSIBILITY_FEEDBACK_ANSWER_MONTHS,
    }, status=status)


@login_not_required
@never_cache
def feedback_sent(request):
    """After sending: the reference and the day the answer is due. The link carries the
    feedback's id signed, so nobody can look up another's."""
    try:
        pk = signing.loads(request.GET.get("ref", ""), salt=SENT_SALT, max_age=24 * 3600)
    except signing.BadSignature:
        return redirect("accessibility:feedback")
    item = get_object_or_404(Feedback.objects.only("pk", "created_at", "due_on", "email"),
                             pk=pk)
    return render(request, "accessibility/feedback_sent.html", {"feedback": item})
