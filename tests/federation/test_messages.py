"""Direct messages from other servers become conversations in the officer's inbox,
through the same interceptor as citizens' questions (urgent flag, the emergency notice
sent back at once, the duty-hours reply); the officer's answer goes back as a direct
Note to that account only. Followers-only posts, messages to nobody here and forged
ones store nothing."""

import datetime
import json
from datetime import timedelta

import time_machine
from django.utils import timezone

from federation import signatures
from federation.models import OutgoingActivity
from inbox.models import Conversation, DutyHours, TriggerWord
from tests.federation.conftest import Remote

SHARED = "/federation/inbox"
ISABEL = "http://testserver/@isabel_polizeikl/"
PUBLIC = "https://www.w3.org/ns/activitystreams#Public"


def dm(remote, text, *, n=1, to=(ISABEL,), cc=(), in_reply_to=None, mention=ISABEL):
    note = {"id": f"{remote.uri}/statuses/{n}", "type": "Note", "attributedTo": remote.uri,
            "to": list(to), "cc": list(cc), "inReplyTo": in_reply_to,
            "content": f'<p><span class="h-card"><a href="{ISABEL}" class="u-url mention">'
                       f"@<span>isabel_polizeikl</span></a></span> {text}</p>",
            "tag": [{"type": "Mention", "href": mention,
                     "name": "@isabel_polizeikl@testserver"}]}
    return {"@context": "https://www.w3.org/ns/activitystreams",
            "id": f"{remote.uri}/statuses/{n}/activity", "type": "Create",
            "actor": remote.uri, "to": list(to), "cc": list(cc), "object": note}


def sent_notes():
    return [a.payload["object"] for a in OutgoingActivity.objects.filter(kind="Create")
            .order_by("pk")]


def test_a_direct_message_becomes_a_conversation(client, officer, remote, mailoutbox,
                                                django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = remote.post(client, SHARED, dm(remote, "Wann ist die Fahrradcodierung?"))
    assert response.status_code == 202
    conversation = Conversation.objects.get()
    assert conversation.officer == officer
    assert conversation.citizen is None
    assert conversation.remote_author_handle == "@anna@social.example"
    assert conversation.subject == "Wann ist die Fahrradcodierung?"
    assert conversation.state == "open" and not conversation.urgent
    [message] = conversation.thread()
    assert message.body == "Wann ist die Fahrradcodierung?"
    assert message.author_name == "@anna@social.example"
    assert [m.to for m in mailoutbox] == [[officer.user.email]]  # the officer is told
    assert sent_notes() == []  # nothing automatic on duty without a trigger word

    client.force_login(officer.user)
    page = client.get(conversation.get_studio_url()).content.decode()
    assert "@anna@social.example" in page and "Fahrradcodierung" in page


def test_the_officers_answer_goes_back_as_a_direct_note(client, officer, remote):
    remote.post(client, SHARED, dm(remote, "Wann ist die Fahrradcodierung?"))
    conversation = Conversation.objects.get()
    client.force_login(officer.user)
    response = client.post(conversation.get_studio_url(), {"body": "Am Samstag um 10 Uhr."})
    assert response.status_code == 302
    [activity] = OutgoingActivity.objects.filter(kind="Create")
    assert activity.inboxes == [remote.actor.inbox]  # that account only, no followers
    assert activity.audience == []
    note = activity.payload["object"]
    assert note["to"] == [remote.uri] and note["cc"] == []
    assert activity.payload["to"] == [remote.uri] and activity.payload["cc"] == []
    assert PUBLIC not in json.dumps(activity.payload)
    assert note["inReplyTo"] == f"{remote.uri}/statuses/1"
    assert note["tag"][0]["href"] == remote.uri
    assert "Am Samstag um 10 Uhr." in note["content"]
    conversation.refresh_from_db()
    assert conversation.state == "answered"


def test_a_reply_to_our_answer_continues_the_conversation(client, officer, remote):
    remote.post(client, SHARED, dm(remote, "Wann ist die Fahrradcodierung?"))
    conversation = Conversation.objects.get()
    conversation.answer(officer.user, "Am Samstag.")
    [ours] = sent_notes()
    remote.post(client, SHARED, dm(remote, "Danke! Und wo?", n=2, in_reply_to=ours["id"]))
    assert Conversation.objects.count() == 1
    conversation.refresh_from_db()
    assert conversation.state == "open"
    assert [m.body for m in conversation.thread()] == [
        "Wann ist die Fahrradcodierung?", "Am Samstag.", "Danke! Und wo?"]


def test_someone_else_cannot_continue_anothers_conversation(client, officer, remote,
                                                           other_remote):
    remote.post(client, SHARED, dm(remote, "Frage"))
    conversation = Conversation.objects.get()
    conversation.answer(officer.user, "Antwort")
    [ours] = sent_notes()
    other_remote.post(client, SHARED, dm(other_remote, "Ich auch", in_reply_to=ours["id"]))
    assert [c.remote_author_uri for c in Conversation.objects.order_by("pk")] == [
        remote.uri, other_remote.uri]  # a new conversation of bert's, not anna's
    assert conversation.thread().count() == 2


def test_an_emergency_gets_the_110_notice_back_at_once(client, officer, remote):
    TriggerWord.objects.create(kind=TriggerWord.Kind.EMERGENCY_HINT, word="notruf")
    TriggerWord.objects.create(kind=TriggerWord.Kind.URGENT, word="messer")
    remote.post(client, SHARED, dm(remote, "Notruf! Jemand hat ein Messer"))
    conversation = Conversation.objects.get()
    assert conversation.urgent
    question, notice = conversation.thread()
    assert notice.is_automatic and notice.is_from_staff
    assert "110" in notice.body
    [note] = sent_notes()
    assert note["to"] == [remote.uri] and note["cc"] == []
    assert "110" in note["content"]
    assert conversation.state == "open"  # still waits for the officer


def test_outside_duty_hours_the_automatic_reply_goes_back(client, officer, remote, settings):
    for day in range(5):
        DutyHours.objects.create(officer=officer, weekday=day, start=datetime.time(7),
                                 end=datetime.time(16))
    friday_evening = timezone.make_aware(datetime.datetime(2026, 3, 6, 20, 30))
    with time_machine.travel(friday_evening, tick=False):
        remote.post(client, SHARED, dm(remote, "Eine Frage"))
    question, reply = Conversation.objects.get().thread()
    assert reply.is_automatic
    [note] = sent_notes()
    assert "2026" in note["content"] and "110" in note["content"]


def test_followers_only_posts_and_messages_to_nobody_here_are_dropped(client, officer,
                                                                     remote):
    followers_only = dm(remote, "Hallo", to=[f"{remote.uri}/followers"], cc=[ISABEL])
    assert remote.post(client, SHARED, followers_only).status_code == 202
    to_nobody = dm(remote, "Hallo", n=2, to=["https://social.example/users/bert"],
                   mention="https://social.example/users/bert")
    assert remote.post(client, SHARED, to_nobody).status_code == 202
    to_the_authority = dm(remote, "Hallo", n=3, to=["http://testserver/"])
    assert remote.post(client, SHARED, to_the_authority).status_code == 202
    assert not Conversation.objects.exists()


def test_a_public_question_to_an_officer_reaches_the_inbox(client, officer, remote):
    question = dm(remote, "Ist die Straße morgen gesperrt?", to=[PUBLIC])
    assert remote.post(client, SHARED, question).status_code == 202
    assert Conversation.objects.get().subject == "Ist die Straße morgen gesperrt?"
    statement = dm(remote, "Gute Arbeit heute", n=2, to=[PUBLIC])
    assert remote.post(client, SHARED, statement).status_code == 202
    assert Conversation.objects.count() == 1


def test_the_same_message_twice_is_stored_once(client, officer, remote):
    activity = dm(remote, "Frage")
    remote.post(client, SHARED, activity)
    assert remote.post(client, SHARED, activity).status_code == 202
    assert Conversation.objects.get().thread().count() == 1


def test_a_forged_or_replayed_message_stores_nothing(client, officer, remote, settings):
    forger = Remote("anna", host="social.example")
    forger.__dict__["private_key"] = Remote("mallory", host="evil.example").private_key
    assert remote.post(client, SHARED, dm(remote, "Notruf"), sign_as=forger).status_code == 401
    body = json.dumps(dm(remote, "Notruf", n=2)).encode()
    with time_machine.travel(timezone.now()
                             - timedelta(seconds=settings.FEDERATION_SIGNATURE_MAX_SKEW + 60)):
        headers = signatures.sign(remote, "post", f"http://testserver{SHARED}", body)
    headers.pop("Host")
    content_type = headers.pop("Content-Type")
    assert client.post(SHARED, body, content_type=content_type,
                       headers=headers).status_code == 401
    settings.FEDERATION_FETCH_MAX_BYTES = 200
    assert remote.post(client, SHARED, dm(remote, "x" * 300, n=3)).status_code == 413
    assert not Conversation.objects.exists()
    assert not OutgoingActivity.objects.exists()


def test_retention_forgets_the_remote_author(client, officer, remote):
    remote.post(client, SHARED, dm(remote, "Frage"))
    conversation = Conversation.objects.get()
    conversation.close(officer.user)
    Conversation.objects.filter(pk=conversation.pk).anonymise()
    conversation.refresh_from_db()
    assert (conversation.remote_author_uri, conversation.remote_author_handle,
            conversation.subject) == ("", "", "")
    assert not conversation.messages.exists()


def test_a_deleted_message_loses_its_text(client, officer, remote, other_remote):
    remote.post(client, SHARED, dm(remote, "Meine Telefonnummer ist 0631 123456"))
    delete = {"id": f"{remote.uri}/statuses/1#delete", "type": "Delete", "actor": remote.uri,
              "object": {"id": f"{remote.uri}/statuses/1", "type": "Tombstone"}}
    forged = {**delete, "actor": other_remote.uri, "id": f"{other_remote.uri}#delete"}
    assert other_remote.post(client, SHARED, forged).status_code == 202  # not bert's
    assert Conversation.objects.get().thread()[0].body.startswith("Meine")
    assert remote.post(client, SHARED, delete).status_code == 202
    assert Conversation.objects.get().thread()[0].body == "(deleted by its author)"


def test_the_notice_is_in_the_portals_language(client, officer, remote, settings):
    settings.LANGUAGE_CODE = "de"
    TriggerWord.objects.create(kind=TriggerWord.Kind.EMERGENCY_HINT, word="notruf")
    remote.post(client, SHARED, dm(remote, "Notruf"), **{"Accept-Language": "en"})
    question, notice = Conversation.objects.get().thread()
    assert "kein Notrufkanal" in notice.body
