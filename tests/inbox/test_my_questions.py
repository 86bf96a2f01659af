"""The citizen's list at /questions/."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from inbox.models import Conversation


@pytest.mark.django_db
def test_it_lists_questions_with_officer_and_state(client, citizen, officer, conversation):
    conversation.answer(officer.user, "!")
    client.force_login(citizen)
    body = client.get("/questions/", headers={"accept-language": "en"}).content.decode()
    assert conversation.get_absolute_url() in body
    assert "Isabel" in body and "Answered" in body


@pytest.mark.django_db
def test_it_needs_the_same_number_of_queries_for_many_questions(client, citizen, officer,
                                                               colleague):
    client.force_login(citizen)
    Conversation.start(citizen=citizen, officer=officer, subject="a", body="?")
    client.get("/questions/")  # warm the navigation cache

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/questions/").status_code == 200
        return len(queries)

    one = count()
    for i in range(4):
        Conversation.start(citizen=citizen, officer=colleague if i % 2 else officer,
                           subject=f"s{i}", body="?")
    assert count() == one


@pytest.mark.django_db
def test_it_shows_the_thread_in_a_fixed_number_of_queries(client, citizen, officer,
                                                         conversation):
    client.force_login(citizen)
    url = conversation.get_absolute_url()
    client.get(url)

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    one = count()
    for i in range(3):
        conversation.answer(officer.user, f"Antwort {i}")
        conversation.reply(citizen, f"Rückfrage {i}")
    assert count() == one
