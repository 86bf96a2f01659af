"""The press office sees an officer's post once it is submitted, not the drafts before."""

from posts.models import Post
from tests.helpers.review import make_post


def test_the_review_list_leaves_out_officers_drafts(client, press_officer, officer):
    make_post(officer, "Entwurf, noch nicht eingereicht", state=Post.State.DRAFT)
    make_post(officer, "Eingereicht zur Prüfung", state=Post.State.SUBMITTED)
    client.force_login(press_officer)
    html = client.get("/admin/posts/post/", {"review": "all"}).content.decode()
    assert "Eingereicht zur Prüfung" in html
    assert "Entwurf, noch nicht eingereicht" not in html


def test_an_officers_draft_is_404_in_the_admin(client, press_officer, officer):
    draft = make_post(officer, "Entwurf", state=Post.State.DRAFT)
    client.force_login(press_officer)
    response = client.get(f"/admin/posts/post/{draft.pk}/change/")
    assert response.status_code in (302, 404)
    assert "Entwurf" not in response.content.decode()


def test_a_superuser_still_sees_everything(admin_client, officer):
    make_post(officer, "Entwurf für den Admin", state=Post.State.DRAFT)
    html = admin_client.get("/admin/posts/post/", {"review": "all"}).content.decode()
    assert "Entwurf für den Admin" in html
