"""E-mails as triplets of templates (subject, text, HTML), sent by the task worker."""

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django_tasks import task

# The salt keeps the portal's one salt for these links; tokens already sent stay valid.
REPLY_EMAILS_SALT = "portal.accounts.reply-emails-off"


def reply_emails_off_url(user_id):
    """The address in every reply e-mail (and its List-Unsubscribe header) that turns
    reply e-mails off without signing in: signed, so it only works for that account."""
    token = signing.dumps(user_id, salt=REPLY_EMAILS_SALT)
    return settings.SITE_URL + reverse("reply_emails_off", args=[token])


@task()
def send_email(to, template, context, language=None, headers=None, unsubscribe=None):
    """Renders `<template>_subject.txt`, `<template>.txt` and `<template>.html` from
    templates/emails/ and sends them, with extra `headers` if given. Context values must
    be JSON-serialisable because the task travels through the task queue: pass ids and
    plain strings, and links as absolute URLs (settings.SITE_URL + path). Task arguments
    are stored until the record is deleted, so they carry no secret: with `unsubscribe`
    (a user id) the signed switch-off link (`off_url`, List-Unsubscribe) is made here."""
    headers = dict(headers or {})
    if unsubscribe is not None:
        off_url = reply_emails_off_url(unsubscribe)
        context = {**context, "off_url": off_url}
        headers.update({"List-Unsubscribe": f"<{off_url}>",
                        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"})
    context = {"SITE_URL": settings.SITE_URL, **context}
    with translation.override(language or settings.LANGUAGE_CODE):
        subject = render_to_string(f"emails/{template}_subject.txt", context).strip()
        text = render_to_string(f"emails/{template}.txt", context)
        html = render_to_string(f"emails/{template}.html", context)
    message = EmailMultiAlternatives(subject=" ".join(subject.split()), body=text, to=[to],
                                     headers=headers or None)
    message.attach_alternative(html, "text/html")
    message.send()


def queue_email(to, template, context, language=None, headers=None, unsubscribe=None):
    """Sends the e-mail once the current transaction has committed."""
    transaction.on_commit(
        lambda: send_email.enqueue(to, template, context, language, headers, unsubscribe)
    )

