"""E-mails as triplets of templates (subject, text, HTML), sent by the task worker."""

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django_tasks import task


@task()
def send_email(to, template, context, language=None, headers=None):
    """Renders `<template>_subject.txt`, `<template>.txt` and `<template>.html` from
    templates/emails/ and sends them, with extra `headers` if given. Context values must
    be JSON-serialisable because the task travels through the task queue: pass ids and
    plain strings, and links as absolute URLs (settings.SITE_URL + path)."""
    context = {"SITE_URL": settings.SITE_URL, **context}
    with translation.override(language or settings.LANGUAGE_CODE):
        subject = render_to_string(f"emails/{template}_subject.txt", context).strip()
        text = render_to_string(f"emails/{template}.txt", context)
        html = render_to_string(f"emails/{template}.html", context)
    message = EmailMultiAlternatives(subject=" ".join(subject.split()), body=text, to=[to],
                                     headers=headers)
    message.attach_alternative(html, "text/html")
    message.send()


def queue_email(to, template, context, language=None, headers=None):
    """Sends the e-mail once the current transaction has committed."""
    transaction.on_commit(
        lambda: send_email.enqueue(to, template, context, language, headers)
    )


# The salt keeps the portal's one salt for these links; tokens already sent stay valid.
REPLY_EMAILS_SALT = "portal.accounts.reply-emails-off"


def reply_emails_off_url(user):
    """The address in every reply e-mail (and its List-Unsubscribe header) that turns
    reply e-mails off without signing in: signed, so it only works for that account."""
    token = signing.dumps(user.pk, salt=REPLY_EMAILS_SALT)
    return settings.SITE_URL + reverse("reply_emails_off", args=[token])
