"""What the portal keeps about a person: the data export and the deletion of an account.

Each app that keeps personal data offers a `privacy` module (`officers/privacy.py`,
`posts/privacy.py`, ...) with two functions, found the way the admin finds `admin.py`:

- `export(user)` returns a dict of JSON-serialisable data about the user, one key per
  kind of data ("follows", "comments", ...), merged into the export;
- `forget(user)` removes what the app keeps about the user and keeps its counters right;
  called in one transaction before the user row is deleted.

An app without a `privacy` module keeps nothing about people. A `privacy` module that
fails to import fails the export or the deletion loudly: a citizen's data must never be
left out of an export, or left behind after a deletion, without an error.

The account settings and the admin (portal/admin.py) delete accounts through
`delete_account`: one deletion path for both.
"""

from functools import cache
from importlib import import_module

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import transaction
from django.utils import timezone

from portal import admin_history
from portal.discovery import app_modules
from portal.push.models import export_for as export_push

DATABASE_SESSION_ENGINES = (
    "django.contrib.sessions.backends.db",
    "django.contrib.sessions.backends.cached_db",
)


@cache
def privacy_modules():
    """Every installed app's `privacy` module, in the order of INSTALLED_APPS."""
    return tuple(m for m in app_modules("privacy") if m.__name__ != __name__)


def export_data(user):
    """Everything the portal keeps about `user`, as JSON-serialisable data."""
    data = {
        "exported_at": timezone.now().isoformat(),
        "profile": {
            "email": user.email,
            "display_name": user.display_name,
            "date_joined": user.date_joined.isoformat(),
            "last_login": user.last_login.isoformat() if user.last_login else None,
            "email_addresses": [
                {"email": e.email, "verified": e.verified, "primary": e.primary}
                for e in EmailAddress.objects.filter(user=user).order_by("pk")
            ],
            "second_factors": sorted(
                set(Authenticator.objects.filter(user=user).values_list("type", flat=True))
            ),
            "muted_since": user.muted_at.isoformat() if user.muted_at else None,
            # What the press office noted about the person is theirs to read too.
            "muted_reason": user.muted_reason,
            "notify_replies": user.notify_replies,
        },
        "push_messages": export_push(user),  # its devices and kinds go with the user row
    }
    for module in privacy_modules():
        data.update(module.export(user))
    return data


def delete_account(user):
    """Removes the account and every piece of personal data kept about it: what each
    app keeps (follows and likes — totals stay as plain numbers —, comments, reports,
    questions), second factors, e-mail addresses, the admin's history of the account and
    its sessions; then the user row.

    The apps forget first, explicitly: a cascade of the user row would neither keep the
    totals right nor tell the pilot figures that a follow ended."""
    with transaction.atomic():
        for module in privacy_modules():
            module.forget(user)
        Authenticator.objects.filter(user=user).delete()
        EmailAddress.objects.filter(user=user).delete()
        admin_history.forget(user._meta.model, [user.pk])  # muting: named by address
        _delete_sessions(user)
        user.delete()


def _delete_sessions(user):
    """Database sessions carry the user id only inside their encoded data. Each is
    deleted through its engine, so that with cached_db its cached copy goes as well."""
    if settings.SESSION_ENGINE not in DATABASE_SESSION_ENGINES:
        return
    store = import_module(settings.SESSION_ENGINE).SessionStore
    user_id = str(user.pk)
    stale = [
        s.session_key
        for s in Session.objects.filter(expire_date__gt=timezone.now()).iterator()
        if str(s.get_decoded().get("_auth_user_id")) == user_id
    ]
    for key in stale:
        store(session_key=key).delete()
