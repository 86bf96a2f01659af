"""Who must have passed a second factor in this session, and whether they have.

Whoever portal.roles.must_have_second_factor names (staff accounts, and whoever runs an
active channel) must have answered a second factor in the current session before any
action only staff can do, wherever its URL lives.
allauth records each step of a sign-in in the session; a login by password alone (an
account that had no authenticator then) has no "mfa" step.
"""

import datetime

from allauth.mfa.models import Authenticator

from portal.roles import must_have_second_factor

AUTHENTICATION_METHODS_SESSION_KEY = "account_authentication_methods"
SECOND_FACTORS = [Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN]


def passed(request):
    """True if a second factor was answered in this session: at sign-in or when asked
    again (allauth notes an "mfa" step), or by setting one up in this session, which
    takes a valid code from it."""
    session = getattr(request, "session", None)
    if session is None:
        return False
    records = session.get(AUTHENTICATION_METHODS_SESSION_KEY) or []
    if any(record.get("method") == "mfa" for record in records):
        return True
    if not records:
        return False
    signed_in = datetime.datetime.fromtimestamp(min(r["at"] for r in records), tz=datetime.UTC)
    return Authenticator.objects.filter(
        user=request.user, type__in=SECOND_FACTORS, created_at__gte=signed_in).exists()


def refusal_url(request):
    """Where to send a user who must pass a second factor and has not: to set one up,
    or to answer the one they have. None if nothing is missing."""
    user = request.user
    if not must_have_second_factor(user) or passed(request):
        return None
    has_one = Authenticator.objects.filter(user=user, type__in=SECOND_FACTORS).exists()
    return "mfa_reauthenticate" if has_one else "mfa_activate_totp"
