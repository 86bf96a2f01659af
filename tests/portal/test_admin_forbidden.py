"""A signed-in account without admin access that opens /admin/ gets a clear 403 page,
not a loop between the admin's login and allauth's."""

import pytest


@pytest.mark.parametrize("path", ["/admin/", "/admin/login/?next=/admin/",
                                  "/admin/posts/post/"])
def test_a_signed_in_citizen_gets_a_clear_403(client, citizen, path):
    client.force_login(citizen)
    response = client.get(path)
    assert response.status_code == 403
    html = response.content.decode()
    assert "Only for the press office" in html
    assert f"You are signed in as {citizen.email}" in html
    assert 'href="/accounts/logout/"' in html


def test_it_answers_at_once_without_a_redirect(client, citizen):
    """Following every redirect ends on a page, not in a loop."""
    client.force_login(citizen)
    response = client.get("/admin/", follow=True)
    assert response.status_code == 403
    assert response.redirect_chain == []


def test_an_officer_without_admin_access_gets_it_too(client, officer):
    client.force_login(officer.user)
    assert client.get("/admin/").status_code == 403


def test_an_anonymous_visitor_is_still_sent_to_sign_in(client, db):
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_the_press_office_still_gets_in(client, press_officer):
    client.force_login(press_officer)
    assert client.get("/admin/").status_code == 200
