"""Words that suggest an emergency or a crime report bring up the guidance (110, online
police station) before a message can be sent: in the browser while typing
(static/js/inbox.js, see the browser test) and on the server."""

import json

import pytest

from inbox.models import Conversation

URL = "/@isabel_polizeikl/ask/"


@pytest.mark.django_db
def test_it_delivers_the_managed_words_to_the_page(client, citizen, officer, trigger_words):
    client.force_login(citizen)
    body = client.get(URL).content.decode()
    marker = 'id="inbox-hint-words" type="application/json">'
    start = body.index(marker) + len(marker)
    words = json.loads(body[start:body.index("</script>", start)])
    assert words == ["einbruch", "notfall"]  # lower case, urgent-only words left out
    assert 'id="inbox-guidance" role="alert" hidden' in body
    assert "js/inbox.js" in body


@pytest.mark.django_db
def test_it_holds_a_message_with_a_trigger_word_until_the_guidance_is_confirmed(
        client, citizen, officer, trigger_words):
    client.force_login(citizen)
    data = {"subject": "Wohnungseinbruch", "body": "Bei mir wurde eingebrochen."}
    response = client.post(URL, data)
    body = response.content.decode()
    assert response.status_code == 200
    assert not Conversation.objects.exists()
    assert 'id="inbox-guidance" role="alert">' in body  # not hidden any more
    assert 'href="tel:110"' in body
    response = client.post(URL, {**data, "guidance_read": "on"})
    assert response.status_code == 302
    assert Conversation.objects.count() == 1


@pytest.mark.django_db
def test_it_sends_a_message_without_trigger_words_straight_away(client, citizen, officer,
                                                               trigger_words):
    client.force_login(citizen)
    response = client.post(URL, {"subject": "Praktikum", "body": "Gibt es Praktika?"})
    assert response.status_code == 302


@pytest.mark.django_db
def test_it_checks_citizen_replies_too(client, citizen, conversation, trigger_words):
    client.force_login(citizen)
    url = conversation.get_absolute_url()
    response = client.post(url, {"body": "Es ist ein NOTFALL"})
    assert response.status_code == 200
    assert conversation.messages.count() == 1
    response = client.post(url, {"body": "Es ist ein NOTFALL", "guidance_read": "on"})
    assert response.status_code == 302
    assert conversation.messages.count() == 2
