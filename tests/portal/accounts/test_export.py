"""A citizen downloads everything stored about them."""

import json

from officers.follows import follow
from posts.models import CommentReport, Like
from tests.helpers.comments import comment_on, publish


def test_it_downloads_profile_follows_likes_comments_reports_and_questions(
        client, citizen, other_citizen, officer):
    post = publish(officer)
    follow(citizen, officer)
    Like.add(citizen, post)
    mine = comment_on(post, citizen, "Mein Kommentar")
    comment_on(post, other_citizen, "Fremder Kommentar").report(
        citizen, CommentReport.Reason.SPAM, "Werbung")
    client.force_login(citizen)
    response = client.get("/accounts/profile/export/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="revier-data-')
    assert "no-cache" in response["Cache-Control"] or "no-store" in response["Cache-Control"]
    data = json.loads(response.content)

    assert data["profile"]["email"] == "anna@example.org"
    assert data["profile"]["display_name"] == "Anna"
    assert data["profile"]["email_addresses"] == [
        {"email": "anna@example.org", "verified": True, "primary": True}]
    assert data["follows"] == [{"officer": officer.handle, "since": data["follows"][0]["since"]}]
    assert data["likes"][0]["post"] == post.get_absolute_url()
    assert [c["text"] for c in data["comments"]] == ["Mein Kommentar"]
    assert data["comments"][0]["id"] == mine.pk
    assert data["reports"][0]["note"] == "Werbung"
    assert data["questions"] == []
    assert "Fremder Kommentar" not in response.content.decode()
    assert "bernd@example.org" not in response.content.decode()


def test_it_includes_the_questions_from_the_inbox(client, citizen, monkeypatch):
    monkeypatch.setattr("inbox.privacy.export", lambda user: {"questions": [{"subject": "Frage"}]})
    client.force_login(citizen)
    data = json.loads(client.get("/accounts/profile/export/").content)
    assert data["questions"] == [{"subject": "Frage"}]


def test_it_is_only_for_the_signed_in_citizen(client, db):
    response = client.get("/accounts/profile/export/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_it_includes_what_the_press_office_noted(client, citizen, officer, press_officer):
    """The mute reason and the moderation notes on the person's comments are data about
    them too."""
    post = publish(officer)
    hidden = comment_on(post, citizen, "Ein grober Kommentar")
    hidden.hide(press_officer, "Beleidigend gegenüber Anwohnern")
    citizen.mute("Wiederholt beleidigend")
    client.force_login(citizen)
    data = json.loads(client.get("/accounts/profile/export/").content)
    assert data["profile"]["muted_reason"] == "Wiederholt beleidigend"
    (comment,) = data["comments"]
    assert comment["moderation_note"] == "Beleidigend gegenüber Anwohnern"
    assert comment["moderated_at"] is not None
    assert "presse@polizei.example" not in json.dumps(data)  # not who decided
