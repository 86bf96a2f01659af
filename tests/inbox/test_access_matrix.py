"""Who can open what: every inbox view with every persona. Another person's id gives
404 (never 403, never the content), exactly as an id that does not exist."""

import uuid

import pytest

from inbox.models import AccessLog, Conversation

SECRET = "Wann kann ich mein Fahrrad codieren lassen?"


def urls(c):
    """(method, url) of every view that takes a conversation id."""
    pid = c.public_id
    return [
        ("get", f"/questions/{pid}/"),
        ("post", f"/questions/{pid}/"),
        ("get", f"/studio/inbox/{pid}/"),
        ("post", f"/studio/inbox/{pid}/"),
        ("post", f"/studio/inbox/{pid}/refer/"),
        ("post", f"/studio/inbox/{pid}/close/"),
        ("get", f"/studio/inbox/{pid}/propose/"),
        ("post", f"/studio/inbox/{pid}/propose/"),
    ]


def request(client, method, url):
    data = {"body": "Noch eine Frage", "question": "q", "answer": "a"}
    return client.get(url) if method == "get" else client.post(url, data)


@pytest.mark.django_db
def test_it_sends_anonymous_visitors_to_login_from_every_inbox_view(client, conversation):
    for method, url in [*urls(conversation), ("get", "/questions/"), ("get", "/studio/inbox/"),
                        ("get", "/@isabel_polizeikl/ask/"), ("post", "/@isabel_polizeikl/ask/")]:
        response = request(client, method, url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/accounts/login/"), url
    assert conversation.messages.count() == 1


@pytest.mark.django_db
def test_it_gives_another_citizen_404_everywhere(client, other_citizen, conversation):
    client.force_login(other_citizen)
    for method, url in urls(conversation):
        response = request(client, method, url)
        assert response.status_code == 404, (method, url)
        assert SECRET not in response.content.decode()
    conversation.refresh_from_db()
    assert conversation.messages.count() == 1
    assert conversation.state == Conversation.State.OPEN


@pytest.mark.django_db
def test_it_gives_another_officer_404_everywhere(client, colleague, conversation, referral):
    client.force_login(colleague.user)
    for method, url in urls(conversation):
        response = request(client, method, url)
        assert response.status_code == 404, (method, url)
        assert SECRET not in response.content.decode()
    conversation.refresh_from_db()
    assert conversation.state == Conversation.State.OPEN
    assert conversation.messages.count() == 1


@pytest.mark.django_db
def test_it_gives_the_press_office_404_outside_the_admin(client, press_officer, conversation):
    client.force_login(press_officer)
    for method, url in urls(conversation):
        assert request(client, method, url).status_code == 404, (method, url)


@pytest.mark.django_db
def test_it_lets_the_owner_citizen_in_only_on_the_citizen_side(client, citizen, conversation):
    client.force_login(citizen)
    response = client.get(f"/questions/{conversation.public_id}/")
    assert response.status_code == 200
    assert SECRET in response.content.decode()
    for method, url in urls(conversation)[2:]:
        assert request(client, method, url).status_code == 404, (method, url)


@pytest.mark.django_db
def test_it_lets_the_addressed_officer_in_only_on_the_studio_side(client, officer, conversation):
    client.force_login(officer.user)
    response = client.get(f"/studio/inbox/{conversation.public_id}/")
    assert response.status_code == 200
    assert SECRET in response.content.decode()
    assert client.get(f"/questions/{conversation.public_id}/").status_code == 404
    assert not AccessLog.objects.exists()


@pytest.mark.django_db
def test_it_lets_the_assigned_officer_in(client, colleague, press_officer, conversation):
    conversation.assign(colleague, press_officer)
    client.force_login(colleague.user)
    response = client.get(f"/studio/inbox/{conversation.public_id}/")
    assert response.status_code == 200
    assert SECRET in response.content.decode()
    assert not AccessLog.objects.filter(user=colleague.user).exists()


@pytest.mark.django_db
def test_it_gives_404_for_an_unknown_id_and_for_a_counter(client, citizen, officer,
                                                         conversation):
    client.force_login(citizen)
    assert client.get(f"/questions/{uuid.uuid4()}/").status_code == 404
    assert client.get(f"/questions/{conversation.pk}/").status_code == 404
    client.force_login(officer.user)
    assert client.get(f"/studio/inbox/{uuid.uuid4()}/").status_code == 404


@pytest.mark.django_db
def test_it_keeps_the_studio_inbox_list_to_officers(client, citizen, press_officer, officer,
                                                   colleague, conversation):
    for user in (citizen, press_officer):
        client.force_login(user)
        assert client.get("/studio/inbox/").status_code == 404
    client.force_login(colleague.user)
    response = client.get("/studio/inbox/")
    assert response.status_code == 200
    assert conversation.subject not in response.content.decode()
    client.force_login(officer.user)
    assert conversation.subject in client.get("/studio/inbox/").content.decode()


@pytest.mark.django_db
def test_it_lists_only_the_citizens_own_questions(client, citizen, other_citizen,
                                                 conversation, other_conversation):
    client.force_login(citizen)
    body = client.get("/questions/").content.decode()
    assert conversation.subject in body
    assert other_conversation.subject not in body
    client.force_login(other_citizen)
    body = client.get("/questions/").content.decode()
    assert conversation.subject not in body
    assert other_conversation.subject in body


@pytest.mark.django_db
def test_it_keeps_the_admin_to_the_press_office(client, citizen, officer, press_officer,
                                               conversation):
    url = f"/admin/inbox/conversation/{conversation.pk}/change/"
    for user in (citizen, officer.user):
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == 403, user
        assert SECRET not in response.content.decode()
    client.force_login(press_officer)
    response = client.get(url)
    assert response.status_code == 200
    assert SECRET in response.content.decode()
