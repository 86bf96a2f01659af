"""Studio, inbox, account and admin pages are sent with `Cache-Control: private,
no-store`; public pages keep their own caching."""

import pytest

PRIVATE = ["/studio/", "/studio/inbox/", "/accounts/profile/", "/accounts/email/",
           "/accounts/password/change/", "/questions/", "/feed/"]


def directives(response):
    return {part.strip() for part in response.get("Cache-Control", "").split(",")}


@pytest.mark.parametrize("path", PRIVATE)
def test_a_signed_in_page_is_never_stored(client, officer, path):
    client.force_login(officer.user)
    response = client.get(path)
    assert response.status_code == 200, path
    assert {"private", "no-store"} <= directives(response)


def test_the_admin_is_never_stored(client, press_officer):
    client.force_login(press_officer)
    response = client.get("/admin/")
    assert response.status_code == 200
    assert {"private", "no-store"} <= directives(response)


def test_the_sign_in_page_is_never_stored(client, db):
    assert {"private", "no-store"} <= directives(client.get("/accounts/login/"))


def test_a_public_page_is_not_marked_private(client, officer):
    response = client.get(f"/@{officer.handle}/")
    assert response.status_code == 200
    assert "no-store" not in directives(response)
