"""Citizen accounts around django-allauth: who may write, the account settings page
(with the data export and account deletion of portal/privacy.py), and the allauth
adapter (mail through the worker, client address behind the proxy).

Other apps use `can_write(user)` before any citizen write (comment, like, follow,
question) and `must_have_second_factor(user)` to tell staff from citizens.
"""

import json
import logging
import time

from allauth.account.adapter import DefaultAccountAdapter, get_adapter
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model, logout
from django.contrib.auth.decorators import login_not_required
from django.core import signing
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods

from portal import account_mail, second_factor
from portal.emails import REPLY_EMAILS_SALT, queue_email
from portal.privacy import delete_account, export_data
from portal.push import views as push_views
from portal.ratelimit import allow, client_address, count_failure, slowdown
from portal.roles import must_have_second_factor

log = logging.getLogger(__name__)


# Who may write ------------------------------------------------------------------------

def can_write(user, *, verified=None):
    """True when `user` may comment, like, follow or ask: signed in, active, not muted,
    with a verified primary e-mail address. `verified`: whether that address exists, if
    the caller loaded it already (as Exists(verified_address(user)) in its own query)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if getattr(user, "muted_at", None) is not None:
        return False
    return verified_address(user).exists() if verified is None else verified


def verified_address(user):
    """The user's verified primary e-mail address, as a queryset."""
    return EmailAddress.objects.filter(user=user, primary=True, verified=True)


def has_second_factor(user):
    """An authenticator app (TOTP) or a security key (WebAuthn); recovery codes alone
    do not count because allauth asks for them only as a fallback."""
    return Authenticator.objects.filter(
        user=user, type__in=[Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN]
    ).exists()


def wants_fragment(request):
    """static/js/engagement.js asks for the HTML fragment instead of a redirect."""
    return request.headers.get("X-Requested-With") == "fetch"


def safe_next(request, default):
    """The `next` of a form or link if it points to this site, else `default`."""
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return default


def write_refusal(user, *, speaks_for_police=False):
    """Why `user` may not write (comment, like, follow, ask) at all, or None.

    With speaks_for_police (comments, which carry a police badge when staff write them)
    staff must have a second factor, as in the studio."""
    if not can_write(user):
        if getattr(user, "is_muted", False):
            return _("Your account has been muted by the press office: you can read, but "
                     "not write.")
        return _("Please confirm your e-mail address first: open the link in the e-mail we "
                 "sent you.")
    if speaks_for_police and must_have_second_factor(user) and not has_second_factor(user):
        return _("Staff accounts need a second factor. Please set up an authenticator app "
                 "first.")
    return None


def refuse_write(request, action, fallback_url, *, speaks_for_police=False):
    """None if the signed-in user may do `action` (a key of settings.RATE_LIMITS) now;
    otherwise the response that says why: no verified address, muted, or staff without a
    second factor (403, see write_refusal), too many writes (429). Counts one use of the
    rate limit when it lets the write through."""
    message = write_refusal(request.user, speaks_for_police=speaks_for_police)
    if message is None and speaks_for_police and second_factor.refusal_url(request):
        message = _("Staff accounts need a second factor in this session. Please sign in "
                    "again with your authenticator app.")
    status = 403
    if message is None:
        if allow(request, action):
            return None
        status = 429
        message = _("That was a lot in a short time. Please wait a moment and try again.")
    return refuse(request, message, status, fallback_url)


def refuse(request, message, status, fallback_url):
    """The response to a write that is refused: the message as plain text with `status`
    for JavaScript, else an error message and a redirect back."""
    if wants_fragment(request):
        return HttpResponse(message, status=status, content_type="text/plain; charset=utf-8")
    messages.error(request, message)
    return redirect(safe_next(request, fallback_url))


def write_done(request, fragment, fallback_url, message=""):
    """The response after a citizen's write: the fragment (a callable returning the
    re-rendered partial) for JavaScript, else a message and a redirect back."""
    if wants_fragment(request):
        return fragment()
    if message:
        messages.success(request, message)
    return redirect(safe_next(request, fallback_url))


# Display names -------------------------------------------------------------------------

# A citizen's public name must not look like the police speaking.
RESERVED_NAME_PARTS = ("polizei", "police", "pressestelle", "press office", "admin", "revier")


def validate_display_name(value):
    lowered = value.casefold()
    if any(part in lowered for part in RESERVED_NAME_PARTS):
        raise ValidationError(
            _("Please choose a name that does not look like the police or the press office."),
            code="reserved",
        )
    if any(not ch.isprintable() for ch in value):
        raise ValidationError(_("Please use only printable characters."), code="invalid")


def display_name_field():
    return forms.CharField(
        label=_("Public display name"),
        max_length=50,
        required=False,
        validators=[validate_display_name],
        help_text=_("Shown next to your comments. No real name needed; you can leave it "
                    "empty."),
        widget=forms.TextInput(attrs={"autocomplete": "nickname"}),
    )


class SignupExtraForm(forms.Form):
    """Extra sign-up field (ACCOUNT_SIGNUP_FORM_CLASS): the optional display name."""

    display_name = display_name_field()

    def signup(self, request, user):
        user.display_name = self.cleaned_data.get("display_name", "").strip()
        user.save(update_fields=["display_name"])


class ProfileForm(forms.Form):
    display_name = display_name_field()
    notify_replies = forms.BooleanField(
        label=_("E-mail me when someone replies to one of my comments"), required=False,
    )

    def save(self, user):
        user.display_name = self.cleaned_data["display_name"].strip()
        user.notify_replies = self.cleaned_data["notify_replies"]
        user.save(update_fields=["display_name", "notify_replies"])


class DeleteAccountForm(forms.Form):
    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text=_("To make sure it is you."),
    )

    def __init__(self, *args, user, request, **kwargs):
        self.user = user
        self.request = request
        super().__init__(*args, **kwargs)

    def clean_password(self):
        password = self.cleaned_data["password"]
        # Through allauth, so the failed-login rate limit applies before hashing.
        if not get_adapter(self.request).reauthenticate(self.user, password):
            raise ValidationError(_("The password is not correct."), code="wrong_password")
        return password


# Views ---------------------------------------------------------------------------------

@never_cache
@require_http_methods(["GET", "POST"])
def profile(request):
    """Account settings: the public display name, e-mail notices, links to the rest."""
    form = ProfileForm(request.POST or None, initial={
        "display_name": request.user.display_name,
        "notify_replies": request.user.notify_replies,
    })
    if request.method == "POST" and form.is_valid():
        form.save(request.user)
        messages.success(request, _("Your settings have been saved."))
        return redirect("account_settings")
    return render(request, "account/profile.html", {
        **push_views.settings_context(request.user),
        "form": form,
        "can_write": can_write(request.user),
        "is_staff_member": must_have_second_factor(request.user),
        "has_second_factor": has_second_factor(request.user),
    })


# Reply e-mails switched off from the e-mail itself ---------------------------------------

@login_not_required
@csrf_exempt  # a mail program's one-click POST (RFC 8058) has no token: the signature is it
@never_cache
@require_http_methods(["GET", "POST"])
def reply_emails_off(request, token):
    """GET asks (link scanners open every link), POST turns reply e-mails off."""
    try:
        user_id = signing.loads(token, salt=REPLY_EMAILS_SALT)
    except signing.BadSignature:
        raise Http404 from None
    user = get_object_or_404(get_user_model(), pk=user_id, is_active=True)
    if request.method == "POST" and user.notify_replies:
        user.notify_replies = False
        user.save(update_fields=["notify_replies"])
    return render(request, "account/reply_emails_off.html", {"done": request.method == "POST"})


@never_cache
@require_GET
def export(request):
    data = export_data(request.user)
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="revier-data-{stamp}.json"'
    return response


@never_cache
@require_http_methods(["GET", "POST"])
def delete(request):
    user = request.user
    if must_have_second_factor(user):
        messages.error(request, _("Staff accounts are closed by the press office."))
        return redirect("account_settings")
    form = DeleteAccountForm(request.POST or None, user=user, request=request)
    if request.method == "POST" and form.is_valid():
        email = user.email
        language = getattr(request, "LANGUAGE_CODE", None)
        delete_account(user)
        logout(request)
        queue_email(email, "account_deleted", {}, language=language)
        messages.success(request, _("Your account and your data have been deleted."))
        return redirect("home")
    return render(request, "account/delete.html", {"form": form})


# allauth ------------------------------------------------------------------------------

class AccountAdapter(DefaultAccountAdapter):
    def send_mail(self, template_prefix, email, context):
        """allauth's mails are sent by the task worker once the transaction commits, so
        a slow mail server neither blocks the page nor reveals whether an address is
        known; the task carries ids only (see portal.account_mail)."""
        account_mail.queue(template_prefix, email, context)

    def send_confirmation_mail(self, request, emailconfirmation, signup):
        account_mail.queue_confirmation(emailconfirmation.email_address, signup)

    def send_password_reset_mail(self, user, email, context):
        account_mail.queue_password_reset(user, email)

    def get_client_ip(self, request):
        # The same address the portal's own rate limits use (TRUSTED_PROXY_COUNT).
        return client_address(request) or super().get_client_ip(request)

    def _get_login_attempts_cache_key(self, request, **credentials):
        # allauth's per-"key" limit of failed logins counts per account and address, so
        # that nobody can keep another person's account locked.
        account = super()._get_login_attempts_cache_key(request, **credentials)
        return f"{account}:{self.get_client_ip(request)}"

    def pre_authenticate(self, request, **credentials):
        super().pre_authenticate(request, **credentials)
        wait = slowdown(self._account_key(credentials))
        if wait:
            time.sleep(wait)

    def authentication_failed(self, request, **credentials):
        count_failure(self._account_key(credentials))

    def _account_key(self, credentials):
        return "login:" + credentials.get("email", credentials.get("username", "")).lower()
