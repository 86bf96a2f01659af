from django.contrib.auth.models import AnonymousUser

from portal.accounts import can_write
from tests.conftest import make_user


def test_it_lets_a_verified_citizen_write(citizen):
    assert can_write(citizen)


def test_it_refuses_an_unverified_citizen(db):
    assert not can_write(make_user("new@example.org", verified=False))


def test_it_refuses_a_verified_address_that_is_not_primary(db):
    from allauth.account.models import EmailAddress

    user = make_user("new@example.org", verified=False)
    EmailAddress.objects.create(user=user, email="other@example.org", verified=True)
    assert not can_write(user)


def test_it_refuses_a_muted_citizen(citizen):
    citizen.mute("insults")
    assert not can_write(citizen)
    citizen.unmute()
    assert can_write(citizen)


def test_it_refuses_anonymous_and_inactive_users(citizen):
    assert not can_write(AnonymousUser())
    citizen.is_active = False
    assert not can_write(citizen)
