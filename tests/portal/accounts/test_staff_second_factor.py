"""Staff must have a second factor before they reach the studio or the admin."""

import pytest

from portal.roles import OFFICERS, PRESS_OFFICE
from tests.conftest import make_user


@pytest.fixture
def officer_without_2fa(station):
    from officers.models import Officer

    user = make_user("neu@polizei.example", group=OFFICERS, second_factor=False)
    Officer.objects.create(user=user, handle="neu_polizei", display_name="Neu", station=station)
    return user


@pytest.mark.parametrize("url", ["/studio/", "/admin/", "/admin/posts/"])
def test_it_sends_an_officer_without_second_factor_to_set_one_up(client, officer_without_2fa,
                                                                 url):
    client.force_login(officer_without_2fa)
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == "/accounts/2fa/totp/activate/"


@pytest.mark.parametrize("extra", [{"group": PRESS_OFFICE, "is_staff": True},
                                   {"is_staff": True}, {"is_staff": True, "is_superuser": True}])
def test_it_sends_press_office_and_admins_without_second_factor_to_set_one_up(client, db,
                                                                             extra):
    user = make_user("staff@polizei.example", second_factor=False, **extra)
    client.force_login(user)
    response = client.get("/admin/")
    assert response["Location"] == "/accounts/2fa/totp/activate/"


def test_it_lets_staff_with_an_authenticator_in(client, officer, press_officer):
    client.force_login(officer.user)
    assert client.get("/studio/").status_code == 200
    client.force_login(press_officer)
    assert client.get("/admin/").status_code == 200


def test_it_lets_the_activation_page_itself_open(client, officer_without_2fa):
    client.force_login(officer_without_2fa)
    response = client.get("/accounts/2fa/totp/activate/")
    # allauth may first ask for the password again; it never loops back to itself.
    assert response.status_code in (200, 302)
    if response.status_code == 302:
        assert "/2fa/totp/activate/" not in response["Location"]


def test_it_does_not_bother_citizens(client, citizen):
    client.force_login(citizen)
    assert client.get("/").status_code == 200
    response = client.get("/studio/")
    assert "/2fa/" not in response.get("Location", "")


def test_it_replaces_the_admin_login_by_the_one_with_a_second_factor(client, db):
    response = client.get("/admin/login/?next=/admin/posts/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=%2Fadmin%2Fposts%2F"
    response = client.post("/admin/login/", {"username": "x", "password": "y"})
    assert response["Location"].startswith("/accounts/login/")


def test_it_keeps_the_admin_login_redirect_on_this_site(client, db):
    response = client.get("/admin/login/?next=https://evil.example/")
    assert response["Location"] == "/accounts/login/?next=%2Fadmin%2F"


def test_a_full_login_of_an_officer_asks_for_the_code_and_then_lets_them_in(client, officer):
    from tests.conftest import PASSWORD, totp_code

    response = client.post("/accounts/login/", {"login": officer.user.email,
                                                 "password": PASSWORD})
    assert response["Location"] == "/accounts/2fa/authenticate/"
    assert client.get("/studio/").status_code == 302  # not signed in yet
    response = client.post("/accounts/2fa/authenticate/", {"code": "000000"})
    assert response.status_code == 200  # wrong code: the form again
    response = client.post("/accounts/2fa/authenticate/", {"code": totp_code(officer.user)})
    assert response.status_code == 302
    assert client.get("/studio/").status_code == 200
