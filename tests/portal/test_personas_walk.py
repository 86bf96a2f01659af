"""Whoever left, or never passed a second factor, reaches nothing private: the URLconf
is walked for every staff-only page (the studio, its inbox and figures, the admin) and
each state-changing action, for each persona, and nothing answers 200 or changes."""

import uuid

import pytest
from django.contrib import admin
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from inbox.models import Conversation, PublicQA
from officers.models import Officer
from portal.roles import OFFICERS, PRESS_OFFICE
from posts import media_links
from posts.models import Comment, Post
from tests.conftest import make_user
from tests.helpers.posts import make_post

PERSONAS = ["deactivated_officer", "handed_over_officer", "owner_outside_the_group",
            "press_officer_without_second_factor"]


def walk(patterns, prefix=""):
    for p in patterns:
        if isinstance(p, URLResolver):
            ns = f"{p.namespace}:" if p.namespace else ""
            yield from ((ns + name, route) for name, route in walk(p.url_patterns,
                                                                   prefix + str(p.pattern)))
        elif isinstance(p, URLPattern) and p.name:
            yield p.name, prefix + str(p.pattern)


@pytest.fixture
def channel(officer, citizen, press_officer):
    """The owner officer's channel with a draft, a published post with a citizen's
    comment and a citizen's question."""
    draft = make_post(officer, published=False, photos=1)
    published = make_post(officer, caption="Öffentlich", photos=0)
    comment = Comment.write(post=published, author=citizen, body="Eine Frage, bitte.")
    conversation = Conversation.start(citizen=citizen, officer=officer, subject="Frage",
                                      body="Wann hat die Wache geöffnet?")
    conversation.answer(officer.user, "Werktags von 8 bis 16 Uhr.")
    return {"officer": officer, "draft": draft, "post": published, "comment": comment,
            "conversation": conversation, "media": draft.media.first()}


@pytest.fixture
def persona(request, channel, press_officer, station):
    """(user, the channel they ran or run): signed in as the persona through `client`."""
    officer = channel["officer"]
    name = request.param
    if name == "deactivated_officer":
        officer.deactivate(by=press_officer, posts_public=True)
        return officer.user
    if name == "handed_over_officer":


        successor = make_user("nachfolge@polizei.example", group=OFFICERS)
        before = officer.user
        officer.hand_over(to_user=successor, by=press_officer)
        return before
    if name == "owner_outside_the_group":
        # Runs the channel, but through the user link alone: no group, password only.
        user = make_user("ohne.gruppe@polizei.example")
        Officer.objects.filter(pk=officer.pk).update(user=user)
        return user
    return make_user("presse2@polizei.example", group=PRESS_OFFICE, is_staff=True,
                     second_factor=False)


def staff_only_urls(channel, user):
    media = channel["media"]
    values = {"upload_id": uuid.uuid4(), "post_id": channel["draft"].pk,
              "media_id": channel["media"].pk,
              "comment_id": channel["comment"].pk,
              "public_id": channel["conversation"].public_id,
              # A private file's link, signed for the persona (posts.media_links).
              "token": media_links.signed_url(media, media.file_names()[0], user)
              .rsplit("/", 1)[-1]}
    urls = []
    for name, route in walk(get_resolver().url_patterns):
        if not route.startswith("studio/"):
            continue
        kwargs = {key: value for key, value in values.items() if f":{key}>" in route}
        urls.append(reverse(name, kwargs=kwargs))
    assert len(urls) >= 15, urls
    urls.append(reverse("admin:index"))
    for model in admin.site._registry:
        opts = model._meta
        urls.append(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"))
    return urls


@pytest.mark.parametrize("persona", PERSONAS, indirect=True)
def test_nothing_private_answers_200(client, persona, channel):
    client.force_login(persona)
    for url in staff_only_urls(channel, persona):
        response = client.get(url)
        assert response.status_code != 200, url
        assert channel["conversation"].first_question() not in response.content.decode(), url


@pytest.mark.parametrize("persona", PERSONAS, indirect=True)
def test_no_action_goes_through(client, persona, channel):
    client.force_login(persona)
    conversation, draft, comment = channel["conversation"], channel["draft"], channel["comment"]
    posts = [("inbox_studio:close", {"public_id": conversation.public_id}),
             ("inbox_studio:propose", {"public_id": conversation.public_id}),
             ("inbox_studio:conversation", {"public_id": conversation.public_id}),
             ("posts:studio_submit", {"post_id": draft.pk}),
             ("posts:studio_delete", {"post_id": draft.pk}),
             ("posts:studio_comment_set_aside", {"comment_id": comment.pk}),
             ("posts:delete_comment", {"comment_id": comment.pk})]
    for name, kwargs in posts:
        client.post(reverse(name, kwargs=kwargs), {"body": "Antwort", "question": "F",
                                                   "answer": "A", "confirm": "yes"})
    conversation.refresh_from_db()
    comment.refresh_from_db()
    assert conversation.state == Conversation.State.ANSWERED
    assert conversation.messages.count() == 2
    assert Post.objects.get(pk=draft.pk).state == Post.State.DRAFT
    assert comment.state == Comment.State.VISIBLE and comment.body
    assert comment.no_reply_needed_at is None
    assert not PublicQA.objects.filter(conversation=conversation).exists()


def test_the_successor_reaches_the_channel(client, channel, press_officer):


    successor = make_user("nachfolge@polizei.example", group=OFFICERS)
    channel["officer"].hand_over(to_user=successor, by=press_officer)
    client.force_login(successor)
    url = channel["conversation"].get_studio_url()
    assert client.get(url).status_code == 200
    assert client.get(reverse("inbox_studio:inbox")).status_code == 200
    assert client.get(reverse("metrics:studio_figures")).status_code == 200


def test_an_owner_outside_the_group_with_a_passed_second_factor_gets_in(client, channel):
    user = make_user("ohne.gruppe@polizei.example", second_factor=True)
    Officer.objects.filter(pk=channel["officer"].pk).update(user=user)
    client.force_login(user)
    assert client.get(reverse("posts:studio")).status_code == 200


def test_the_press_office_deletes_a_comment_only_after_its_second_factor(
        client, channel, press_officer):
    comment = channel["comment"]
    without = make_user("presse2@polizei.example", group=PRESS_OFFICE, is_staff=True,
                        second_factor=False)
    client.force_login(without)
    url = reverse("posts:delete_comment", args=[comment.pk])
    assert client.post(url, headers={"X-Requested-With": "fetch"}).status_code == 403
    comment.refresh_from_db()
    assert comment.state == Comment.State.VISIBLE
    client.force_login(press_officer)  # with an authenticator, answered in the session
    client.post(url)
    comment.refresh_from_db()
    assert comment.state == Comment.State.DELETED
