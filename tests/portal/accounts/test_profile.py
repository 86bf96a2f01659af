"""The account settings page: display name, links to e-mail, password, 2FA, data."""

import pytest

from tests.conftest import make_user

URL = "/accounts/profile/"


def test_it_changes_the_display_name(client, citizen):
    client.force_login(citizen)
    response = client.post(URL, {"display_name": "  Anna aus KL  "})
    assert response["Location"] == URL
    citizen.refresh_from_db()
    assert citizen.display_name == "Anna aus KL"


def test_an_empty_display_name_shows_as_citizen(client, citizen, officer):
    from tests.helpers.comments import comment_on, publish

    client.force_login(citizen)
    client.post(URL, {"display_name": ""})
    post = publish(officer)
    comment_on(post, citizen)
    html = client.get(post.get_absolute_url()).content.decode()
    assert '<strong class="comment-author">Bürger' in html or \
        '<strong class="comment-author">Citizen' in html


@pytest.mark.parametrize("name", ["Polizei KL", "Die Pressestelle", "x" * 51])
def test_it_refuses_misleading_or_long_names(client, citizen, name):
    client.force_login(citizen)
    response = client.post(URL, {"display_name": name})
    assert response.status_code == 200
    citizen.refresh_from_db()
    assert citizen.display_name == "Anna"


def test_it_links_everything_a_citizen_manages(client, citizen):
    client.force_login(citizen)
    html = client.get(URL).content.decode()
    for url in ["/accounts/email/", "/accounts/password/change/", "/accounts/2fa/",
                "/accounts/profile/export/", "/accounts/profile/delete/", "/accounts/logout/"]:
        assert f'href="{url}"' in html, url


def test_it_tells_an_unverified_citizen_to_confirm(client, db):
    client.force_login(make_user("neu@example.org", verified=False))
    assert "Please confirm your e-mail address" in client.get(URL).content.decode()


def test_the_header_links_to_it(client, citizen):
    client.force_login(citizen)
    assert f'href="{URL}"' in client.get("/").content.decode()


def test_it_needs_a_login(client, db):
    assert client.get(URL)["Location"].startswith("/accounts/login/")


def test_a_citizen_changes_the_password(client, citizen):
    client.force_login(citizen)
    response = client.post("/accounts/password/change/", {
        "oldpassword": "correct horse battery staple",
        "password1": "ein anderes gutes Passwort", "password2": "ein anderes gutes Passwort",
    })
    assert response.status_code == 302
    citizen.refresh_from_db()
    assert citizen.check_password("ein anderes gutes Passwort")


def test_a_citizen_changes_the_e_mail_address_by_verifying_the_new_one(
        client, citizen, django_capture_on_commit_callbacks):
    import re

    from allauth.account.models import EmailAddress
    from django.core import mail

    client.force_login(citizen)
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/accounts/email/", {"action_add": "", "email": "anna.neu@example.org"})
    link = re.search(r"https?://[^/\s]+(/accounts/confirm-email/\S+/)",
                     mail.outbox[-1].body).group(1)
    client.post(link)
    client.post("/accounts/email/", {"action_primary": "", "email": "anna.neu@example.org"})
    citizen.refresh_from_db()
    assert citizen.email == "anna.neu@example.org"
    assert EmailAddress.objects.get(user=citizen, primary=True).verified
