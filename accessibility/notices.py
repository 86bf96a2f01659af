"""Who hears of feedback on accessibility: the sender (a confirmation naming the answer
deadline, later the answer) and the press office (a push message to those who chose it,
and an e-mail to the shared mailbox if ACCESSIBILITY_FEEDBACK_EMAIL names one). Messages
to the press office carry a link to the admin, never the sender's words."""

from django.conf import settings
from django.urls import reverse
from django.utils import formats, translation

from portal import ratelimit
from portal.emails import queue_email
from portal.push.kinds import Kind
from portal.push.service import notify
from portal.roles import press_office_members


def _long_date(day, language):
    with translation.override(language):
        return formats.date_format(day, "DATE_FORMAT")


def _admin_url(feedback):
    return reverse("admin:accessibility_feedback_change", args=[feedback.pk])


# Confirmations one address gets in a day, at most: the form needs no account, so anyone
# could otherwise have it send confirmations to someone else's address.
CONFIRMATIONS_PER_ADDRESS_AND_DAY = 3


def received(feedback):
    """Inside the transaction that stores `feedback`: everything goes out after it."""
    if feedback.email and ratelimit.hit(f"feedback-confirmation:{feedback.email.lower()}",
                                        CONFIRMATIONS_PER_ADDRESS_AND_DAY, 86400):
        queue_email(feedback.email, "accessibility_feedback_received", {
            "reference": feedback.reference,
            "name": feedback.name,
            "due_on": _long_date(feedback.due_on, feedback.language),
            "statement_url": settings.SITE_URL + reverse("accessibility:statement"),
        }, language=feedback.language)
    if settings.ACCESSIBILITY_FEEDBACK_EMAIL:
        queue_email(settings.ACCESSIBILITY_FEEDBACK_EMAIL, "accessibility_feedback_new", {
            "reference": feedback.reference,
            "due_on": _long_date(feedback.due_on, settings.LANGUAGE_CODE),
            "url": settings.SITE_URL + _admin_url(feedback),
        })
    notify(Kind.ACCESSIBILITY_FEEDBACK, _admin_url(feedback), press_office_members())


def answered(feedback):
    """The press office's answer, to the sender's address."""
    queue_email(feedback.email, "accessibility_feedback_answer", {
        "reference": feedback.reference,
        "name": feedback.name,
        "answer": feedback.answer,
        "received_on": _long_date(feedback.created_at.date(), feedback.language),
        "statement_url": settings.SITE_URL + reverse("accessibility:statement"),
    }, language=feedback.language)
