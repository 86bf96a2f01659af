"""allauth's e-mails (verification, password reset, notices of changes), rendered and
sent by the task worker from ids.

A task's arguments are stored in the task table (and in every backup of it) until the
record is deleted, so they carry no secret and no text: the verification and reset
links are made in the worker when the mail is sent, from the address's or the user's
id, and expire as allauth's own links do.
"""

import datetime

from allauth.account import app_settings as account_settings
from allauth.account.adapter import get_adapter
from allauth.account.models import EmailAddress, EmailConfirmationHMAC
from allauth.account.utils import user_pk_to_url_str
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.sites.models import Site
from django.db import models, transaction
from django.urls import reverse
from django.utils import translation
from django_tasks import task

# Context entries that allauth fills with secrets or with what the worker rebuilds.
SECRET_KEYS = {"key", "activate_url", "password_reset_url", "uid", "code", "token",
               "request", "emailconfirmation", "current_site"}


def queue(template_prefix, email, context):
    """Sends allauth's mail `template_prefix` to `email` from the worker once the
    transaction commits. `context` keeps only plain values and the user's id."""
    plain = {}
    for name, value in context.items():
        if name in SECRET_KEYS:
            continue
        if isinstance(value, models.Model):
            if name == "user":
                plain["user_id"] = value.pk
            continue
        if isinstance(value, datetime.datetime):
            plain[name] = {"datetime": value.isoformat()}
        elif isinstance(value, str | int | float | bool) or value is None:
            plain[name] = value
    _enqueue(template_prefix, email, plain)


def queue_confirmation(email_address, signup):
    template = ("account/email/email_confirmation_signup" if signup
                else "account/email/email_confirmation")
    _enqueue(template, email_address.email, {"email_address_id": email_address.pk})


def queue_password_reset(user, email):
    _enqueue("account/email/password_reset_key", email,
             {"user_id": user.pk, "password_reset": True})


def _enqueue(template_prefix, email, context):
    language = translation.get_language()
    transaction.on_commit(
        lambda: send_account_mail.enqueue(template_prefix, email, context, language))


@task()
def send_account_mail(template_prefix, email, context, language=None):
    """Rebuilds the links from the ids in `context` and sends the mail. A link for an
    address or account that is gone by now is not sent at all."""
    ctx = {"email": email, "current_site": Site.objects.get_current()}
    for name, value in context.items():
        if isinstance(value, dict) and "datetime" in value:
            value = datetime.datetime.fromisoformat(value["datetime"])
        ctx[name] = value
    user_model = get_user_model()
    if "email_address_id" in ctx:
        address = EmailAddress.objects.filter(
            pk=ctx.pop("email_address_id"), verified=False).select_related("user").first()
        if address is None:
            return False
        key = EmailConfirmationHMAC(address).key
        ctx.update(user=address.user, key=key,
                   activate_url=settings.SITE_URL + reverse("account_confirm_email",
                                                            args=[key]))
    elif "user_id" in ctx:
        user = user_model.objects.filter(pk=ctx.pop("user_id")).first()
        if user is None:
            return False
        ctx["user"] = user
        if ctx.pop("password_reset", False):
            token = account_settings.PASSWORD_RESET_TOKEN_GENERATOR().make_token(user)
            uid = user_pk_to_url_str(user)
            ctx.update(uid=uid, key=token, password_reset_url=settings.SITE_URL + reverse(
                "account_reset_password_from_key", kwargs={"uidb36": uid, "key": token}))
    with translation.override(language or settings.LANGUAGE_CODE):
        get_adapter().render_mail(template_prefix, email, ctx).send()
    return True
