"""Script and markup typed by citizens (comments, display names, report notes) and
captions come back escaped, on every page that shows them."""

import pytest
from django.utils.html import escape

from posts.models import Comment, CommentReport
from tests.helpers.comments import FETCH, publish

PAYLOADS = [
    "<script>alert('x')</script>",
    '"><img src=x onerror=alert(1)>',
    "<a href=\"javascript:alert(1)\">klick</a>",
    "</textarea><svg onload=alert(1)>",
]


def assert_escaped(html, payload):
    assert payload not in html
    assert escape(payload) in html or escape(payload).replace("&#x27;", "&#39;") in html


@pytest.mark.parametrize("payload", PAYLOADS)
def test_comment_text_is_escaped_everywhere(client, citizen, other_citizen, press_officer,
                                            post, payload):
    client.force_login(citizen)
    response = client.post(f"/@{post.officer.handle}/{post.pk}/comments/",
                           {"body": payload}, **FETCH)
    assert payload not in response.content.decode()
    comment = Comment.objects.get()
    comment.report(other_citizen, CommentReport.Reason.OTHER, note=payload)
    for user in (citizen, other_citizen, None):
        if user is None:
            client.logout()
        else:
            client.force_login(user)
        assert_escaped(client.get(post.get_absolute_url()).content.decode(), payload)
    client.force_login(press_officer)
    assert_escaped(client.get("/admin/posts/comment/").content.decode(), payload)
    html = client.get(f"/admin/posts/comment/{comment.pk}/change/").content.decode()
    assert payload not in html


@pytest.mark.parametrize("payload", [p[:50] for p in PAYLOADS])
def test_display_names_are_escaped_everywhere(client, citizen, press_officer, post, payload):
    client.force_login(citizen)
    response = client.post("/accounts/profile/", {"display_name": payload})
    assert response.status_code == 302
    citizen.refresh_from_db()
    assert citizen.display_name == payload.strip()
    client.post(f"/@{post.officer.handle}/{post.pk}/comments/", {"body": "Hallo"})
    for page in (post.get_absolute_url(), "/accounts/profile/"):
        assert_escaped(client.get(page).content.decode(), payload.strip())
    client.force_login(press_officer)
    for page in ("/admin/posts/comment/?queue=all", "/admin/portal/user/"):
        assert payload.strip() not in client.get(page).content.decode()


@pytest.mark.parametrize("payload", PAYLOADS)
def test_captions_are_escaped(client, officer, payload):
    post = publish(officer, caption=f"Streife {payload}")
    assert payload not in client.get(post.get_absolute_url()).content.decode()
    assert payload not in client.get(officer.get_absolute_url()).content.decode()
