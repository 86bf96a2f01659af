"""The user admin: superusers manage accounts, the press office mutes and unmutes."""

from portal.models import User


def test_a_superuser_adds_and_edits_users(admin_client, citizen):
    assert admin_client.get("/admin/portal/user/add/").status_code == 200
    response = admin_client.post("/admin/portal/user/add/", {
        "email": "neu@polizei.example", "password1": "ein gutes Passwort 42",
        "password2": "ein gutes Passwort 42", "usable_password": "true",
    })
    assert response.status_code == 302, response.content.decode()[:2000]
    assert User.objects.filter(email="neu@polizei.example").exists()
    assert admin_client.get(f"/admin/portal/user/{citizen.pk}/change/").status_code == 200


def test_the_list_filters_muted_users(admin_client, citizen, other_citizen):
    citizen.mute("Test")
    html = admin_client.get("/admin/portal/user/?muted=yes").content.decode()
    assert citizen.email in html
    assert other_citizen.email not in html


def test_muting_is_recorded_in_the_admin_history(client, press_officer, citizen):
    from django.contrib.admin.models import LogEntry

    client.force_login(press_officer)
    client.post("/admin/portal/user/", {"action": "mute", "_selected_action": [citizen.pk]})
    citizen.refresh_from_db()
    assert citizen.is_muted
    assert LogEntry.objects.filter(object_id=str(citizen.pk), user=press_officer).exists()


def test_deleting_a_user_in_the_admin_cleans_up_as_self_service_does(
        admin_client, citizen, other_citizen, officer):
    """Likes and follows leave the totals right, comments and their replies go, and
    so do the e-mail addresses, second factors and sessions: one deletion path."""
    from allauth.account.models import EmailAddress
    from django.contrib.sessions.models import Session
    from django.test import Client

    from officers.follows import follow
    from posts.models import Comment, Like, Post
    from tests.helpers.comments import comment_on, publish

    post = publish(officer)
    follow(citizen, officer)
    Like.add(citizen, post)
    question = comment_on(post, citizen, "Meine Frage")
    comment_on(post, other_citizen, "Eine Antwort", parent=question)
    Client().force_login(citizen)  # a session of the citizen's own
    response = admin_client.post(f"/admin/portal/user/{citizen.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not User.objects.filter(pk=citizen.pk).exists()
    post = Post.objects.get(pk=post.pk)
    officer.refresh_from_db()
    assert (post.like_count, officer.follower_count) == (0, 0)
    assert not Comment.objects.filter(body="Meine Frage").exists()
    assert post.comment_count == Comment.objects.filter(post=post, state="visible").count()
    assert not EmailAddress.objects.filter(email="anna@example.org").exists()
    assert all(str(s.get_decoded().get("_auth_user_id")) != str(citizen.pk)
               for s in Session.objects.all())


def test_the_press_office_sees_what_muting_needs_not_every_address_and_flag(
        client, press_officer, citizen, other_citizen):
    other_citizen.display_name = ""
    other_citizen.save()
    client.force_login(press_officer)
    html = client.get("/admin/portal/user/").content.decode()
    assert "Anna" in html and f"Account {other_citizen.pk}" in html
    for private in (citizen.email, other_citizen.email, "is_staff", "Staff status"):
        assert private not in html, private
    page = client.get(f"/admin/portal/user/{citizen.pk}/change/").content.decode()
    assert citizen.email not in page
    assert "Anna" in page
    # Searching by address finds nobody: the press office searches by public name.
    html = client.get("/admin/portal/user/", {"q": "anna@example.org"}).content.decode()
    assert "0 users" in html or 'id="result_list"' not in html
