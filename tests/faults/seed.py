"""A little content for the processes of the fault tests, made through the models
(`manage.py shell -c "from tests.faults.seed import create; create()"`): one officer, one
published post, and a signed-in citizen's session. Prints what the test needs as JSON."""

import json
from importlib import import_module

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.utils import timezone

from officers.models import Officer, Station
from portal.models import User
from posts.models import Post


def signed_in(user):
    """A session of `user`, as a login makes it; returns its key."""
    session = import_module(settings.SESSION_ENGINE).SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.save()
    return session.session_key


def create(*, officer_session=False):
    station = Station.objects.create(name="Polizeiinspektion 2", district="Innenstadt")
    officer_user = User.objects.create_user("isabel@polizei.example", "x" * 12,
                                            display_name="Isabel")
    officer = Officer.objects.create(user=officer_user, handle="isabel_polizeikl",
                                     display_name="Isabel", rank="Polizeikommissarin",
                                     station=station)
    post = Post.objects.create(officer=officer, author=officer_user,
                               caption="Streife in der Altstadt", state=Post.State.PUBLISHED,
                               published_at=timezone.now())
    citizen = User.objects.create_user("anna@example.org", "y" * 12, display_name="Anna")
    EmailAddress.objects.create(user=citizen, email=citizen.email, verified=True, primary=True)
    made = {"channel": officer.get_absolute_url(), "post": post.get_absolute_url(),
            "session": signed_in(citizen)}
    if officer_session:
        # The studio wants an officer with a second factor (a session skips asking it).
        from allauth.mfa.models import Authenticator
        from allauth.mfa.totp.internal.auth import generate_totp_secret
        from allauth.mfa.utils import encrypt
        from django.contrib.auth.models import Group

        from portal.roles import OFFICERS

        officer_user.groups.add(Group.objects.get_or_create(name=OFFICERS)[0])
        Authenticator.objects.create(user=officer_user, type=Authenticator.Type.TOTP,
                                     data={"secret": encrypt(generate_totp_secret())})
        made["officer_session"] = signed_in(officer_user)
    print(json.dumps(made))
