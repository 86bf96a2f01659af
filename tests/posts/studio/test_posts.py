"""The studio list, editing and deleting drafts: only the owner, only drafts."""

import pytest
from django.urls import reverse

from posts.models import MediaItem, Post
from tests.helpers.posts import (
    add_media,
    english,  # noqa: F401 (autouse fixture)
    make_post,
    photo,
    queries_for,
    stored_files,
    video,
)

INDEX = reverse("posts:studio")


def edit_url(post):
    return reverse("posts:studio_edit", args=[post.pk])


def delete_url(post):
    return reverse("posts:studio_delete", args=[post.pk])


@pytest.fixture
def draft(officer):
    return make_post(officer, caption="Entwurf #Hundestaffel", published=False, photos=2)


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """Run a request and what waits for its commit (processing, deleting files)."""

    def run(call, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return call(*args, **kwargs)

    return run


def alt_fields(post, **changes):
    data = {f"alt_{m.pk}": m.alt_text for m in post.media.all() if m.is_photo}
    data.update(changes)
    return data


# --- The list --------------------------------------------------------------------------


def test_it_lists_only_the_officers_own_posts_with_state_and_processing(
    client, officer, colleague, draft
):
    failed = make_post(officer, caption="Kaputtes Video", published=False, photos=0)
    MediaItem.objects.create(post=failed, kind="video", status="failed",
                             failure_reason="This video could not be read.")
    make_post(colleague, caption="Felix' Entwurf", published=False)
    client.force_login(officer.user)
    html = client.get(INDEX).content.decode()
    assert "Entwurf #Hundestaffel" in html
    assert "Media: ready" in html
    assert "Media: failed" in html and "This video could not be read." in html
    assert "Felix" not in html.split("<main", 1)[1].split("</main>")[0]
    assert edit_url(draft) in html and delete_url(draft) in html


def test_it_shows_processing_and_offers_no_edit_link_for_submitted_posts(client, officer):
    submitted = make_post(officer, state=Post.State.SUBMITTED, published=False, photos=0)
    MediaItem.objects.create(post=submitted, kind="photo", alt_text="x")
    client.force_login(officer.user)
    html = client.get(INDEX).content.decode()
    assert "Media: processing" in html
    assert "data-processing" in html  # the page refreshes itself until it is done
    assert edit_url(submitted) not in html


def test_it_lists_posts_in_a_fixed_number_of_queries(
    client, officer, django_assert_num_queries
):
    client.force_login(officer.user)
    make_post(officer, published=False)
    baseline = queries_for(client, INDEX)
    for _ in range(4):
        make_post(officer, published=False, photos=2)
    with django_assert_num_queries(baseline):
        client.get(INDEX)


# --- Editing ---------------------------------------------------------------------------


def test_it_lets_the_owner_edit_caption_and_alt_text(client, officer, draft, commit):
    client.force_login(officer.user)
    first = draft.media.first()
    response = commit(client.post, edit_url(draft), {
        "caption": "Neu #Polizei", "place_name": "Ostertor",
        **alt_fields(draft, **{f"alt_{first.pk}": "Ein Diensthund"}),
    })
    assert response.status_code == 302
    draft.refresh_from_db()
    assert (draft.caption, draft.place_name) == ("Neu #Polizei", "Ostertor")
    assert draft.tags == " polizei "
    first.refresh_from_db()
    assert first.alt_text == "Ein Diensthund"


def test_it_removes_a_photo_and_its_files(client, officer, draft, commit):
    client.force_login(officer.user)
    first, second = draft.media.all()
    response = commit(client.post, edit_url(draft), {
        "caption": draft.caption, "remove": [first.pk], **alt_fields(draft),
    })
    assert response.status_code == 302
    assert list(draft.media.all()) == [second]
    assert first.original.name not in stored_files()
    assert not any(r["name"] in stored_files() for r in first.renditions)


def test_it_adds_photos_to_a_draft(client, officer, draft, commit):
    client.force_login(officer.user)
    response = commit(client.post, edit_url(draft), {
        "caption": draft.caption, "media": [photo()], "alt_text": ["Ein Blaulicht"],
        **alt_fields(draft),
    })
    assert response.status_code == 302
    assert [m.alt_text for m in draft.media.all()][-1] == "Ein Blaulicht"
    assert draft.media.last().position == 2
    assert draft.media.last().status == MediaItem.Status.READY


def test_it_refuses_removing_the_last_photo(client, officer, draft, commit):
    client.force_login(officer.user)
    response = commit(client.post, edit_url(draft), {
        "caption": draft.caption, "remove": [m.pk for m in draft.media.all()],
        **alt_fields(draft),
    })
    assert "at least one photo" in response.content.decode()
    assert draft.media.count() == 2


def test_it_refuses_clearing_the_alt_text_of_a_kept_photo(client, officer, draft, commit):
    client.force_login(officer.user)
    first = draft.media.first()
    response = commit(client.post, edit_url(draft), {
        "caption": draft.caption, **alt_fields(draft, **{f"alt_{first.pk}": ""}),
    })
    assert "Please add an alt text" in response.content.decode()
    first.refresh_from_db()
    assert first.alt_text == "Ein Streifenwagen"


def test_it_refuses_adding_a_twelfth_photo_and_stores_nothing_new(
    client, officer, draft, commit
):
    client.force_login(officer.user)
    before = stored_files()
    response = commit(client.post, edit_url(draft), {
        "caption": draft.caption, "media": [photo() for _ in range(9)],
        "alt_text": ["Bild"] * 9, **alt_fields(draft),
    })
    assert "at most 10 photos" in response.content.decode()
    assert stored_files() == before
    assert draft.media.count() == 2


def test_it_refuses_removing_media_of_another_post(client, officer, colleague, draft, commit):
    """A forged form naming the colleague's photo changes nothing."""
    other = make_post(colleague, published=False)
    other_item = other.media.get()
    client.force_login(officer.user)
    response = commit(client.post, edit_url(draft), {
        "caption": "Gefälscht", "remove": [other_item.pk], **alt_fields(draft),
    })
    assert response.status_code == 200
    assert "valid choice" in response.content.decode()
    assert MediaItem.objects.filter(pk=other_item.pk).exists()
    draft.refresh_from_db()
    assert draft.caption == "Entwurf #Hundestaffel"


def test_it_replaces_the_subtitles_of_a_video(client, officer, commit):
    from django.core.files.uploadedfile import SimpleUploadedFile

    post = make_post(officer, published=False, photos=0)
    item = add_media(post, video(), kind=MediaItem.Kind.VIDEO, alt_text="")
    client.force_login(officer.user)
    vtt = SimpleUploadedFile("a.vtt", b"WEBVTT\n\n00:00.000 --> 00:01.000\nEins\n")
    commit(client.post, edit_url(post), {"caption": "x", "subtitles": vtt})
    item.refresh_from_db()
    first = item.subtitles.name
    assert first
    vtt = SimpleUploadedFile("b.vtt", b"WEBVTT\n\n00:00.000 --> 00:01.000\nZwei\n")
    commit(client.post, edit_url(post), {"caption": "x", "subtitles": vtt,
                                         "subtitles_language": "en"})
    item.refresh_from_db()
    assert item.subtitles.name != first and item.subtitles_language == "en"
    assert first not in stored_files()
    commit(client.post, edit_url(post), {"caption": "x", "remove_subtitles": "on"})
    item.refresh_from_db()
    assert not item.subtitles
    assert not any(name.endswith(".vtt") for name in stored_files())


# --- Deleting --------------------------------------------------------------------------


def test_it_lets_the_owner_delete_a_draft_with_all_files(client, officer, draft, commit):
    client.force_login(officer.user)
    assert client.get(delete_url(draft)).status_code == 200
    response = commit(client.post, delete_url(draft))
    assert response.status_code == 302
    assert not Post.objects.exists()
    assert stored_files() == []


# --- Who may ---------------------------------------------------------------------------


@pytest.mark.parametrize("url", [edit_url, delete_url])
def test_it_hides_a_colleagues_draft(client, colleague, draft, url):
    client.force_login(colleague.user)
    assert client.get(url(draft)).status_code == 404
    assert client.post(url(draft), {"caption": "Übernommen"}).status_code == 404
    draft.refresh_from_db()
    assert draft.caption == "Entwurf #Hundestaffel"


@pytest.mark.parametrize("url", [edit_url, delete_url])
@pytest.mark.parametrize("persona", ["citizen", "press_officer"])
def test_it_refuses_people_without_a_channel(client, request, draft, url, persona):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(url(draft)).status_code == 403
    assert client.post(url(draft)).status_code == 403
    assert Post.objects.filter(pk=draft.pk).exists()


@pytest.mark.parametrize("url", [edit_url, delete_url])
def test_it_sends_anonymous_visitors_to_login(client, draft, url):
    response = client.post(url(draft))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert Post.objects.filter(pk=draft.pk).exists()


@pytest.mark.parametrize("state", [Post.State.SUBMITTED, Post.State.APPROVED,
                                   Post.State.PUBLISHED])
@pytest.mark.parametrize("url", [edit_url, delete_url])
def test_it_refuses_changing_an_own_post_that_is_no_draft(client, officer, state, url):
    post = make_post(officer, state=state, published=state == Post.State.PUBLISHED)
    client.force_login(officer.user)
    assert client.get(url(post)).status_code == 403
    assert client.post(url(post), {"caption": "Geändert"}).status_code == 403
    post.refresh_from_db()
    assert post.caption != "Geändert"


def test_it_lets_the_owner_edit_when_changes_are_requested(client, officer, commit):
    post = make_post(officer, state=Post.State.CHANGES_REQUESTED, published=False)
    client.force_login(officer.user)
    response = commit(client.post, edit_url(post), {"caption": "Überarbeitet",
                                                    **alt_fields(post)})
    assert response.status_code == 302


def test_the_studio_leads_to_the_inbox_and_the_officers_own_figures(client, officer):
    client.force_login(officer.user)
    html = client.get(INDEX).content.decode()
    assert f'href="{reverse("inbox_studio:inbox")}"' in html
    assert f'href="{reverse("metrics:studio_figures")}"' in html
