"""The press office's review queue and decision page in the admin."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import timezone

from posts import media_links, workflow
from posts.models import ChecklistItem, MediaItem, Post, PostEvent
from tests.conftest import make_user
from tests.helpers.review import (
    approve,
    make_checklist,
    make_post,
    make_processed_post,
)

State = Post.State
QUEUE = reverse("admin:posts_post_changelist")


def change_url(post):
    return reverse("admin:posts_post_change", args=[post.pk])


def decide_url(post, decision):
    return reverse("admin:posts_post_decide", args=[post.pk, decision])


def submitted_post(officer, caption="Streife am Ostertor", **kwargs):
    post = make_processed_post(officer, caption=caption, **kwargs)
    workflow.submit(post, officer.user)
    return post


def signed(html, before):
    """The file names of the signed links (posts.media_links) that follow `before`."""
    assert '"/media/' not in html  # never a public URL of a post under review
    names = []
    for part in html.split(before)[1:]:
        url = part.split('"', 1)[0]
        if url.startswith("/studio/media/"):
            names.append(media_links.unsign(url.rsplit("/", 1)[1])[1])
    return names


@pytest.fixture
def press(client, press_officer):
    client.force_login(press_officer)
    return client


@pytest.fixture(autouse=True)
def checklist(db):
    return make_checklist()


# --- the queue -----------------------------------------------------------------------


def test_the_queue_shows_waiting_posts_oldest_first_with_thumbnails(press, officer, colleague):
    newer = submitted_post(officer, caption="Neuer Beitrag")
    older = submitted_post(colleague, caption="Älterer Beitrag")
    Post.objects.filter(pk=older.pk).update(
        submitted_at=timezone.now() - timezone.timedelta(hours=5)
    )
    draft = make_post(officer, caption="Noch ein Entwurf")
    published = make_post(officer, caption="Längst veröffentlicht", state=State.PUBLISHED,
                          published_at=timezone.now())

    response = press.get(QUEUE)

    assert response.status_code == 200
    html = response.content.decode()
    assert [p.pk for p in response.context["cl"].result_list] == [older.pk, newer.pk]
    assert draft.caption not in html and published.caption not in html
    thumb = [r for r in older.media.get().renditions if r["format"] == "jpeg"][0]["name"]
    assert thumb in signed(html, '<img class="review-thumb" src="')
    assert "originals/" not in html  # never the private original
    assert "Felix" in html and "Polizeiinspektion 1" in html  # officer and station
    assert "5\xa0hours" in html or "5\xa0Stunden" in html  # waiting time


@pytest.mark.parametrize(
    "query, expected",
    [
        # An officer's draft is theirs until it is submitted: not in the queue.
        ("review=all", {"waiting", "published"}),
        ("review=published", {"published"}),
        ("review=draft", set()),
        ("q=Ostertor", {"waiting"}),
    ],
)
def test_the_queue_filters_by_state_and_searches_captions(press, officer, query, expected):
    posts = {
        "waiting": submitted_post(officer, caption="Streife am Ostertor"),
        "draft": make_post(officer, caption="Entwurf am Rathaus"),
        "published": make_post(officer, caption="Kontrolle am Bahnhof",
                               state=State.PUBLISHED, published_at=timezone.now()),
    }
    if query.startswith("q="):
        query += "&review=all"

    response = press.get(f"{QUEUE}?{query}")

    shown = {p.pk for p in response.context["cl"].result_list}
    assert shown == {posts[name].pk for name in expected}


def test_the_queue_filters_by_officer_and_station(press, officer, colleague):
    mine = submitted_post(officer)
    theirs = submitted_post(colleague)

    by_officer = press.get(f"{QUEUE}?officer__id__exact={colleague.pk}")
    by_station = press.get(f"{QUEUE}?officer__station__id__exact={officer.station_id}")

    assert list(by_officer.context["cl"].result_list) == [theirs]
    assert list(by_station.context["cl"].result_list) == [mine]


def test_the_queue_runs_a_fixed_number_of_queries(press, officer, colleague):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    submitted_post(officer)
    press.get(QUEUE)  # warm up sessions, permissions, content types
    with CaptureQueriesContext(connection) as one:
        press.get(QUEUE)
    for _ in range(5):
        post = make_post(colleague)
        workflow.submit(post, colleague.user)
    with CaptureQueriesContext(connection) as six:
        response = press.get(QUEUE)

    assert len(response.context["cl"].result_list) == 6
    assert len(six) == len(one)


# --- the change page -----------------------------------------------------------------


def test_the_change_page_shows_media_alt_texts_history_checklist_and_buttons(
    press, officer, checklist
):
    post = submitted_post(officer)
    media = post.media.get()

    response = press.get(change_url(post))

    assert response.status_code == 200
    html = response.content.decode()
    jpegs = [r["name"] for r in media.renditions if r["format"] == "jpeg"]
    assert signed(html, '<img class="review-media" src="') == [jpegs[-1]]  # to judge
    assert jpegs[-1] in signed(html, '<a href="')
    assert "originals/" not in html
    assert media.alt_text in html
    assert 'name="media-0-alt_text"' in html  # the reviewer may correct it
    assert 'name="caption"' in html
    for item in checklist:
        assert item.text in html
    for decision in ("approve", "request_changes", "reject"):
        assert f'action="{decide_url(post, decision)}"' in html
    assert 'name="schedule"' in html and 'name="publish_now"' in html
    assert f'action="{decide_url(post, "unpublish")}"' not in html
    assert "submitted for review" in html.lower() or "eingereicht" in html.lower()


def test_a_published_post_offers_only_unpublishing(press, officer, press_officer):
    post = submitted_post(officer)
    approve(post, press_officer)

    html = press.get(change_url(post)).content.decode()

    assert f'action="{decide_url(post, "unpublish")}"' in html
    assert f'action="{decide_url(post, "approve")}"' not in html


def test_a_draft_offers_no_decision_and_no_edit(press, officer):
    post = make_post(officer)

    html = press.get(change_url(post)).content.decode()

    assert "/decide/" not in html
    assert 'name="caption"' not in html  # read-only: still the officer's


def test_the_change_page_shows_a_video_with_its_subtitle_link(press, officer):
    post = make_post(officer, media=0, state=State.SUBMITTED)
    video = MediaItem.objects.create(
        post=post, kind=MediaItem.Kind.VIDEO, status=MediaItem.Status.READY,
        video="v/ab/clip.mp4", poster="v/ab/poster.jpg", width=720, height=1280,
        subtitles="subtitles/ab/track.vtt",
    )

    html = press.get(change_url(post)).content.decode()

    assert signed(html, '<source src="') == [video.video]
    assert signed(html, 'poster="') == [video.poster]
    assert video.subtitles.name in signed(html, '<a href="')
    assert '<track kind="subtitles"' in html


# --- decisions -----------------------------------------------------------------------


def test_it_approves_and_publishes_from_the_button(press, officer, checklist, press_officer):
    post = submitted_post(officer)

    response = press.post(
        decide_url(post, "approve"),
        {"approve-checklist": [i.pk for i in checklist], "publish_now": ""},
        follow=True,
    )

    assert response.redirect_chain[-1][0] == QUEUE
    assert "approved and published" in response.content.decode()
    post.refresh_from_db()
    assert post.state == State.PUBLISHED
    event = post.events.last()
    assert (event.action, event.actor) == (PostEvent.Action.APPROVED, press_officer)
    assert len(event.checklist) == len(checklist)


def test_it_refuses_approval_with_an_unticked_checklist(press, officer, checklist):
    post = submitted_post(officer)

    response = press.post(
        decide_url(post, "approve"),
        {"approve-checklist": [checklist[0].pk], "publish_now": ""},
        follow=True,
    )

    assert response.redirect_chain[-1][0] == change_url(post)
    assert checklist[1].text in response.content.decode()
    assert Post.objects.get(pk=post.pk).state == State.SUBMITTED


def test_it_schedules_from_the_button(press, officer, checklist):
    post = submitted_post(officer)

    press.post(decide_url(post, "approve"), {
        "approve-checklist": [i.pk for i in checklist],
        "approve-publish_at": "2099-05-04T09:30",
        "schedule": "",
    })

    post.refresh_from_db()
    assert post.state == State.APPROVED
    assert timezone.localtime(post.scheduled_for).strftime("%Y-%m-%d %H:%M") == "2099-05-04 09:30"


def test_scheduling_needs_a_time(press, officer, checklist):
    post = submitted_post(officer)

    response = press.post(decide_url(post, "approve"), {
        "approve-checklist": [i.pk for i in checklist], "schedule": "",
    }, follow=True)

    assert "Choose the date and time" in response.content.decode()
    assert Post.objects.get(pk=post.pk).state == State.SUBMITTED


@pytest.mark.parametrize(
    "decision, start, end",
    [
        ("request_changes", State.SUBMITTED, State.CHANGES_REQUESTED),
        ("reject", State.SUBMITTED, State.REJECTED),
        ("unpublish", State.PUBLISHED, State.UNPUBLISHED),
    ],
)
def test_it_records_decisions_with_a_note(press, officer, press_officer, decision, start, end):
    post = submitted_post(officer)
    if start == State.PUBLISHED:
        approve(post, press_officer)

    response = press.post(decide_url(post, decision), {"note": "Bitte Kennzeichen verpixeln."},
                          follow=True)

    assert response.redirect_chain[-1][0] == QUEUE
    post.refresh_from_db()
    assert post.state == end
    assert post.review_note == "Bitte Kennzeichen verpixeln."
    assert post.events.last().note == "Bitte Kennzeichen verpixeln."


@pytest.mark.parametrize("decision", ["request_changes", "reject", "unpublish"])
def test_it_refuses_a_decision_without_a_note(press, officer, press_officer, decision):
    post = submitted_post(officer)
    if decision == "unpublish":
        approve(post, press_officer)
    before = post.events.count()

    press.post(decide_url(post, decision), {"note": "  "})

    assert post.events.count() == before


@pytest.mark.parametrize(
    "decision, data",
    [
        ("approve", {"publish_now": ""}),
        ("request_changes", {"note": "Nachträglich"}),
        ("reject", {"note": "Nachträglich"}),
        ("unpublish", {"note": "Nachträglich"}),
    ],
)
def test_a_forged_decision_in_the_wrong_state_changes_nothing(press, officer, decision, data):
    post = make_post(officer, state=State.REJECTED)  # decided: no decision is due

    response = press.post(decide_url(post, decision), data, follow=True)

    assert response.redirect_chain[-1][0] == change_url(post)
    assert Post.objects.get(pk=post.pk).state == State.REJECTED
    assert not post.events.exists()
    draft = make_post(officer)  # not the press office's to see, let alone decide
    assert press.post(decide_url(draft, decision), data).status_code == 404
    assert Post.objects.get(pk=draft.pk).state == State.DRAFT


def test_an_unknown_decision_or_post_is_404(press, officer):
    post = submitted_post(officer)
    assert press.post(decide_url(post, "delete"), {}).status_code == 404
    assert press.post(
        reverse("admin:posts_post_decide", args=[999999, "reject"]), {"note": "x"}
    ).status_code == 404
    assert Post.objects.get(pk=post.pk).state == State.SUBMITTED


def test_decisions_accept_only_post(press, officer):
    post = submitted_post(officer)
    assert press.get(decide_url(post, "reject")).status_code == 405


def test_staff_without_the_review_permission_cannot_decide(client, officer):
    viewer = make_user("it@polizei.example", is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_post"))
    post = submitted_post(officer)
    client.force_login(viewer)

    assert client.get(change_url(post)).status_code == 200  # may look
    response = client.post(decide_url(post, "reject"), {"note": "Nein"})

    assert response.status_code == 403
    assert Post.objects.get(pk=post.pk).state == State.SUBMITTED
    assert "/decide/" not in client.get(change_url(post)).content.decode()


@pytest.mark.parametrize("who", ["officer", "anonymous", "citizen"])
def test_officers_citizens_and_visitors_get_no_admin_access(client, officer, citizen, who):
    post = submitted_post(officer)
    if who == "officer":
        client.force_login(officer.user)
    elif who == "citizen":
        client.force_login(citizen)

    # Signed in without admin access: a clear 403; anonymous: to the login.
    expected = 302 if who == "anonymous" else 403
    for url in (QUEUE, change_url(post)):
        response = client.get(url)
        assert response.status_code == expected, url
    response = client.post(decide_url(post, "reject"), {"note": "Nein"})

    assert response.status_code == expected
    assert Post.objects.get(pk=post.pk).state == State.SUBMITTED
    assert post.events.count() == 1


# --- reviewer edits ------------------------------------------------------------------


def change_form_data(post, **overrides):
    media = list(post.media.all())
    data = {
        "caption": post.caption, "place_name": post.place_name,
        "media-TOTAL_FORMS": len(media), "media-INITIAL_FORMS": len(media),
        "media-MIN_NUM_FORMS": 0, "media-MAX_NUM_FORMS": 0,
        "_continue": "Save",
    }
    for i, item in enumerate(media):
        data[f"media-{i}-id"] = item.pk
        data[f"media-{i}-post"] = post.pk
        data[f"media-{i}-alt_text"] = item.alt_text
    data.update(overrides)
    return data


def test_a_reviewer_edit_is_recorded_with_old_and_new_values(press, officer, press_officer):
    post = submitted_post(officer, caption="Verkehrskontrole")
    media = post.media.get()

    response = press.post(change_url(post), change_form_data(
        post, caption="Verkehrskontrolle", **{"media-0-alt_text": "Ein Streifenwagen."}
    ))

    assert response.status_code == 302
    post.refresh_from_db()
    media.refresh_from_db()
    assert post.caption == "Verkehrskontrolle"
    assert media.alt_text == "Ein Streifenwagen."
    assert post.state == State.SUBMITTED
    event = post.events.get(action=PostEvent.Action.EDITED)
    assert event.actor == press_officer
    assert event.changes == [
        {"field": "caption", "old": "Verkehrskontrole", "new": "Verkehrskontrolle"},
        {"field": "alt_text", "media": media.pk, "old": "Ein Fahrrad an einem Laternenpfahl.",
         "new": "Ein Streifenwagen."},
    ]
    html = press.get(change_url(post)).content.decode()
    assert "Verkehrskontrole" in html  # the old value, in the history


def test_a_reviewer_cannot_empty_an_alt_text(press, officer):
    post = submitted_post(officer)

    response = press.post(change_url(post), change_form_data(post, **{"media-0-alt_text": ""}))

    assert response.status_code == 200  # the form comes back with the error
    assert post.media.get().alt_text
    assert not post.events.filter(action=PostEvent.Action.EDITED).exists()


def test_a_draft_cannot_be_edited_by_a_forged_post(press, officer):
    post = make_post(officer, caption="Entwurf")

    press.post(change_url(post), change_form_data(post, caption="Vom Presseamt geändert"))

    assert Post.objects.get(pk=post.pk).caption == "Entwurf"
    assert not post.events.exists()


def test_posts_cannot_be_added_or_deleted_in_the_admin(press, officer):
    post = make_post(officer)
    assert press.get(reverse("admin:posts_post_add")).status_code == 403
    assert press.get(reverse("admin:posts_post_delete", args=[post.pk])).status_code == 403


# --- the history and the checklist ---------------------------------------------------


def test_the_history_is_view_only_for_everyone(client, press_officer, admin_user, officer):
    post = submitted_post(officer)
    event = post.events.get()
    for user in (press_officer, admin_user):
        client.force_login(user)
        assert client.get(reverse("admin:posts_postevent_changelist")).status_code == 200
        page = client.get(reverse("admin:posts_postevent_change", args=[event.pk]))
        assert page.status_code == 200
        assert 'type="submit"' not in page.content.decode().split('id="content-main"')[1]
        assert client.get(reverse("admin:posts_postevent_add")).status_code == 403
        client.post(reverse("admin:posts_postevent_change", args=[event.pk]), {"note": "x"})
        assert client.get(
            reverse("admin:posts_postevent_delete", args=[event.pk])
        ).status_code == 403
    event.refresh_from_db()
    assert event.note == ""
    assert PostEvent.objects.count() == 1


def test_the_press_office_manages_the_checklist(press):
    response = press.post(reverse("admin:posts_checklistitem_add"),
                          {"text": "Keine Dienstgeheimnisse sichtbar.", "active": "on",
                           "position": 5})

    assert response.status_code == 302
    assert ChecklistItem.objects.get(position=5).text == "Keine Dienstgeheimnisse sichtbar."
