"""The officer's inbox: waiting first, oldest waiting first, with the waiting time."""

import pytest
import time_machine

from inbox.models import Conversation
from tests.inbox.conftest import at


@pytest.mark.django_db
def test_it_lists_waiting_first_oldest_first_with_waiting_time(client, citizen, officer,
                                                             other_citizen):
    with time_machine.travel(at(2026, 3, 2, 8), tick=False):
        answered = Conversation.start(citizen=citizen, officer=officer, subject="Answered one",
                                      body="?")
        old = Conversation.start(citizen=other_citizen, officer=officer, subject="Old one",
                                 body="?")
    with time_machine.travel(at(2026, 3, 2, 9), tick=False):
        answered.answer(officer.user, "!")
        Conversation.start(citizen=citizen, officer=officer, subject="New one", body="?")
    client.force_login(officer.user)
    with time_machine.travel(at(2026, 3, 2, 11), tick=False):
        body = client.get("/studio/inbox/", headers={"accept-language": "en"}).content.decode()
    assert body.index("Old one") < body.index("New one") < body.index("Answered one")
    assert "waiting for 3\xa0hours" in body
    assert "waiting for 2\xa0hours" in body
    assert old.get_studio_url() in body


@pytest.mark.django_db
def test_it_shows_assigned_conversations_to_the_assignee(client, colleague, press_officer,
                                                        conversation):
    conversation.assign(colleague, press_officer)
    client.force_login(colleague.user)
    body = client.get("/studio/inbox/").content.decode()
    assert conversation.subject in body
    assert "assigned to Felix" in body


@pytest.mark.django_db
def test_it_needs_the_same_number_of_queries_for_many_conversations(
        client, officer, citizen, django_assert_num_queries):
    def count():
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as queries:
            assert client.get("/studio/inbox/").status_code == 200
        return len(queries)

    client.force_login(officer.user)
    Conversation.start(citizen=citizen, officer=officer, subject="a", body="?")
    client.get("/studio/inbox/")  # warm the navigation cache
    one = count()
    for i in range(5):
        c = Conversation.start(citizen=citizen, officer=officer, subject=f"s{i}", body="?")
        if i % 2:
            c.answer(officer.user, "!")
    assert count() == one
    with django_assert_num_queries(one):
        client.get("/studio/inbox/")


@pytest.mark.django_db
def test_it_offers_a_link_with_the_waiting_count_for_the_studio(rf, officer, citizen,
                                                               conversation):
    from django.template.loader import render_to_string
    from django.utils import translation

    with translation.override("en"):
        Conversation.start(citizen=citizen, officer=officer, subject="zwei", body="?")
        request = rf.get("/studio/")
        request.user = officer.user
        html = render_to_string("inbox/includes/studio_link.html", {"user": officer.user},
                                request=request)
        assert 'href="/studio/inbox/"' in html and "(2 waiting)" in html
        assert render_to_string("inbox/includes/studio_link.html", {"user": citizen}).strip() == ""
