"""Deleting an account removes every piece of personal data about the citizen."""

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.contrib.sessions.models import Session
from django.core import mail
from django.db import models
from django.test import Client

from officers.follows import follow
from officers.models import Officer
from portal.models import User
from posts.models import Comment, CommentReport, Like
from tests.conftest import PASSWORD, give_totp
from tests.helpers.comments import comment_on, publish

URL = "/accounts/profile/delete/"


def rows_referencing(user_pk):
    """Every row of every table with a foreign key or many-to-many link to the user."""
    found = {}
    for relation in User._meta.related_objects:
        if relation.many_to_many:
            table = relation.through
            column = relation.field.m2m_reverse_field_name()
        else:
            table, column = relation.related_model, relation.field.name
        count = table._base_manager.filter(**{f"{column}_id": user_pk}).count()
        if count:
            found[f"{table._meta.label}.{column}"] = count
    for field in User._meta.many_to_many:
        table = field.remote_field.through
        count = table._base_manager.filter(**{f"{field.m2m_field_name()}_id": user_pk}).count()
        if count:
            found[f"{table._meta.label}"] = count
    return found


def test_the_check_above_sees_every_kind_of_reference(citizen, officer):
    post = publish(officer)
    Like.add(citizen, post)
    found = rows_referencing(citizen.pk)
    assert "posts.Like.user" in found
    assert "account.EmailAddress.user" in found


def test_deleting_leaves_no_personal_data(client, citizen, other_citizen, officer,
                                          django_capture_on_commit_callbacks):
    post = publish(officer)
    follow(citizen, officer)
    follow(other_citizen, officer)
    Like.add(citizen, post)
    Like.add(other_citizen, post)
    mine = comment_on(post, citizen, "Mein Kommentar")
    comment_on(post, officer.user, "Antwort der Polizei", parent=mine)
    theirs = comment_on(post, other_citizen, "Bernds Kommentar")
    theirs.report(citizen, CommentReport.Reason.SPAM)
    mine.report(other_citizen, CommentReport.Reason.SPAM)
    give_totp(citizen)
    elsewhere = Client()
    elsewhere.force_login(citizen)  # a second session, e.g. on another phone
    client.force_login(citizen)
    pk, email = citizen.pk, citizen.email

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(URL, {"password": PASSWORD})

    assert response.status_code == 302
    assert response["Location"] == "/"
    assert not User.objects.filter(pk=pk).exists()
    assert rows_referencing(pk) == {}
    assert not EmailAddress.objects.filter(email__iexact=email).exists()
    assert not Authenticator.objects.filter(user_id=pk).exists()
    for session in Session.objects.all():
        assert str(session.get_decoded().get("_auth_user_id")) != str(pk)
    assert elsewhere.get("/accounts/profile/").status_code == 302  # signed out there too
    # Totals stay as plain numbers; other people's things stay.
    post.refresh_from_db()
    officer.refresh_from_db()
    assert post.like_count == 1
    assert officer.follower_count == 1
    assert list(Comment.objects.values_list("body", flat=True)) == ["Bernds Kommentar"]
    assert post.comment_count == 1
    assert CommentReport.objects.count() == 0
    # A last e-mail confirms it.
    assert mail.outbox[-1].to == [email]
    assert "deleted" in mail.outbox[-1].subject or "gelöscht" in mail.outbox[-1].subject


def test_the_admin_history_of_the_account_goes_with_it(client, citizen, press_officer,
                                                       officer):
    """Muting is recorded in the admin's history, which names the account by its
    display name or address; a question's public Q&A is named by its text."""
    from django.contrib.admin.models import LogEntry

    from inbox.models import Conversation, PublicQA

    citizen.display_name = ""
    citizen.save()
    conversation = Conversation.start(citizen=citizen, officer=officer, subject="Frage",
                                      body="?", consent_public=True)
    conversation.answer(officer.user, "!")
    qa = PublicQA.propose(conversation, officer.user, "Frage von anna?", "Antwort")
    press = Client()
    press.force_login(press_officer)
    press.post("/admin/portal/user/", {"action": "mute", "_selected_action": [citizen.pk]})
    press.post("/admin/portal/user/", {"action": "unmute", "_selected_action": [citizen.pk]})
    press.post("/admin/inbox/publicqa/", {"action": "approve", "_selected_action": [qa.pk]})
    assert LogEntry.objects.filter(object_repr=citizen.email).count() == 2
    assert LogEntry.objects.filter(object_repr="Frage von anna?").exists()
    client.force_login(citizen)

    client.post(URL, {"password": PASSWORD})

    assert not User.objects.filter(pk=citizen.pk).exists()
    assert not LogEntry.objects.exclude(object_repr__startswith="#").exists()


def test_the_wrong_password_deletes_nothing(client, citizen):
    client.force_login(citizen)
    response = client.post(URL, {"password": "falsch"})
    assert response.status_code == 200
    assert User.objects.filter(pk=citizen.pk).exists()


def test_the_password_check_is_throttled(client, citizen, settings):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS,
                                    "login_failed": "100/m/ip,2/5m/key"}
    client.force_login(citizen)
    for _ in range(3):
        client.post(URL, {"password": "falsch"})
    client.post(URL, {"password": PASSWORD})
    assert User.objects.filter(pk=citizen.pk).exists()


def test_staff_accounts_are_closed_by_the_press_office(client, officer, press_officer):
    for user in (officer.user, press_officer):
        client.force_login(user)
        response = client.post(URL, {"password": PASSWORD})
        assert response["Location"] == "/accounts/profile/"
        assert User.objects.filter(pk=user.pk).exists()
    assert Officer.objects.filter(pk=officer.pk).exists()


def test_the_page_explains_what_happens(client, citizen):
    client.force_login(citizen)
    html = client.get(URL).content.decode()
    assert "your comments are deleted" in html
    assert 'name="password"' in html


def test_the_privacy_page_promises_what_deletion_does(client, db):
    html = client.get("/privacy/").content.decode()
    assert "When you delete your account, your comments are deleted as well." in html


def test_every_relation_to_users_is_handled_by_deletion():
    """A new model that points at users must be cleaned by deletion: it cascades, or it
    is listed here with the reason it may stay (staff-only or set to NULL)."""
    allowed_to_stay = {models.SET_NULL}
    for relation in User._meta.related_objects:
        on_delete = relation.on_delete
        assert on_delete is models.CASCADE or on_delete in allowed_to_stay or \
            relation.related_model is Officer, relation
