"""Asking an officer a question at /@<handle>/ask/."""

import pytest
from allauth.account.models import EmailAddress

from inbox.models import Conversation
from tests.conftest import make_user

URL = "/@isabel_polizeikl/ask/"


def ask(client, **data):
    return client.post(URL, {"subject": "Frage", "body": "Wie geht das?", **data})


@pytest.mark.django_db
def test_it_says_plainly_what_this_channel_is_not_before_sending(client, citizen, officer,
                                                                settings):
    settings.INBOX_TARGET_HOURS = 36
    settings.ONLINE_POLICE_STATION_URL = "https://onlinewache.example/"
    client.force_login(citizen)
    response = client.get(URL)
    body = response.content.decode()
    assert response.status_code == 200
    notice = body[body.index('id="inbox-notice"'):body.index('id="question-form"')]
    assert 'href="tel:110"' in notice
    assert 'href="https://onlinewache.example/"' in notice
    assert "36 hours" in notice
    assert 'name="consent_public"' in body


@pytest.mark.django_db
def test_it_starts_a_conversation_and_shows_it(client, citizen, officer):
    client.force_login(citizen)
    response = ask(client, consent_public="on")
    conversation = Conversation.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/questions/{conversation.public_id}/"
    assert conversation.citizen == citizen
    assert conversation.officer == officer
    assert conversation.state == Conversation.State.OPEN
    assert conversation.consent_public is True
    assert conversation.waiting_since == conversation.created_at
    assert [m.body for m in conversation.messages.all()] == ["Wie geht das?"]


@pytest.mark.django_db
def test_it_does_not_publish_without_consent(client, citizen, officer):
    client.force_login(citizen)
    ask(client)
    assert Conversation.objects.get().consent_public is False


@pytest.mark.django_db
def test_it_asks_an_unverified_citizen_to_confirm_their_address_first(client, officer):
    user = make_user("neu@example.org", verified=False)
    EmailAddress.objects.create(user=user, email=user.email, verified=False, primary=True)
    client.force_login(user)
    response = client.get(URL)
    assert response.status_code == 200
    assert 'name="body"' not in response.content.decode()
    assert ask(client).status_code == 403
    assert not Conversation.objects.exists()


@pytest.mark.django_db
def test_it_rejects_text_over_2000_characters(client, citizen, officer):
    client.force_login(citizen)
    response = ask(client, body="x" * 2001)
    assert response.status_code == 200
    assert not Conversation.objects.exists()


@pytest.mark.django_db
def test_it_gives_404_for_an_unknown_or_inactive_officer_and_for_oneself(client, citizen,
                                                                        officer):
    client.force_login(citizen)
    assert client.get("/@niemand_hier/ask/").status_code == 404
    officer.is_active = False
    officer.save()
    assert client.get(URL).status_code == 404
    officer.is_active = True
    officer.save()
    client.force_login(officer.user)
    assert client.get(URL).status_code == 404


@pytest.mark.django_db
def test_it_limits_new_questions_per_citizen(client, citizen, officer, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "question": "2/h"}
    client.force_login(citizen)
    assert ask(client).status_code == 302
    assert ask(client).status_code == 302
    response = ask(client)
    assert response.status_code == 429
    assert Conversation.objects.count() == 2


@pytest.mark.django_db
def test_it_limits_new_questions_per_address(client, citizen, other_citizen, officer,
                                            settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "question": "1/h"}
    client.force_login(citizen)
    assert ask(client).status_code == 302
    client.force_login(other_citizen)  # same address, another account
    assert ask(client).status_code == 429
    assert Conversation.objects.count() == 1


@pytest.mark.django_db
def test_it_escapes_the_question_everywhere(client, citizen, officer):
    client.force_login(citizen)
    ask(client, subject="<b>fett</b>", body="<script>alert(1)</script>")
    conversation = Conversation.objects.get()
    for url in ["/questions/", conversation.get_absolute_url()]:
        body = client.get(url).content.decode()
        assert "<b>fett</b>" not in body and "&lt;b&gt;fett&lt;/b&gt;" in body
    client.force_login(officer.user)
    for url in ["/studio/inbox/", conversation.get_studio_url()]:
        body = client.get(url).content.decode()
        assert "<script>alert(1)</script>" not in body and "<b>fett</b>" not in body


@pytest.mark.django_db
def test_it_does_not_let_a_muted_citizen_ask(client, citizen, officer):
    from django.utils import timezone

    citizen.muted_at = timezone.now()
    citizen.save()
    client.force_login(citizen)
    assert ask(client).status_code == 403
    assert not Conversation.objects.exists()
