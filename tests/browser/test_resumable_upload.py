"""On a phone with a bad connection: an upload cut off mid-way resumes where it stopped,
and a post written without a connection is kept on the device and sent once it is back."""

import re
from fractions import Fraction

import av
import numpy as np
import pytest
from playwright.sync_api import expect

from posts.models import MediaItem, Post, ResumableUpload
from tests.browser.conftest import PHONE, guarded_page, login
from tests.conftest import PASSWORD
from tests.helpers.posts import jpeg_bytes, stored_files

PIECE = 64 * 1024


def noisy_video(path, seconds=2, fps=10, size=(320, 240)):
    """Noise compresses badly: a short clip of some hundred kilobytes, many pieces."""
    rng = np.random.default_rng(7)
    with av.open(str(path), "w", format="mp4") as container:
        stream = container.add_stream("libx264", rate=fps)
        stream.width, stream.height, stream.pix_fmt = size[0], size[1], "yuv420p"
        for i in range(seconds * fps):
            frame = av.VideoFrame.from_ndarray(
                rng.integers(0, 256, (size[1], size[0], 3), dtype=np.uint8), format="rgb24")
            frame.pts, frame.time_base = i, Fraction(1, fps)
            container.mux(stream.encode(frame))
        container.mux(stream.encode(None))
    return path.stat().st_size


@pytest.fixture
def small_pieces(settings):
    settings.RESUMABLE_CLIENT_PIECE_BYTES = PIECE


@pytest.fixture
def german_phone(browser, live_server):
    with guarded_page(browser, live_server, viewport=PHONE, device_scale_factor=2,
                      is_mobile=True, has_touch=True, locale="de-DE") as page:
        yield page


@pytest.mark.django_db(transaction=True)
def test_an_upload_cut_off_mid_way_resumes_where_it_stopped(
        page, officer, tmp_path, small_pieces):
    clip = tmp_path / "VID_0007.mp4"
    size = noisy_video(clip)
    assert size > 6 * PIECE
    pieces, created, cut = [], [], {}

    def watch(route):
        request = route.request
        if request.method == "POST":
            created.append(request.url)
        if request.method == "PATCH":
            offset = int(request.headers["upload-offset"])
            if len(pieces) == 3 and not cut:
                # The phone enters a dead spot while the fourth piece is on its way.
                cut["at"] = offset
                page.context.set_offline(True)
                route.abort("internetdisconnected")
                return
            pieces.append((offset, len(request.post_data_buffer or b"")))
        route.fallback()

    login(page, officer.user.email, PASSWORD)
    page.goto("/studio/new/")
    page.context.route(re.compile(r".*/studio/uploads/.*"), watch)
    page.set_input_files("#id_media", str(clip))
    page.fill("#id_caption", "Kontrolle an der B270")
    page.click("[data-submit]")

    label = page.locator("[data-progress-label]")
    expect(label).to_have_text("Waiting for a connection …")
    assert cut["at"] == 3 * PIECE
    page.wait_for_timeout(1500)  # a while in the dead spot
    page.context.set_offline(False)
    expect(page).to_have_url(re.compile(r"/studio/$"), timeout=30_000)

    # It went on from the piece that was lost, not from the start, in the same upload.
    offsets = [offset for offset, _ in pieces]
    assert offsets == sorted(offsets) and offsets.count(0) == 1
    assert offsets[3] == cut["at"]
    assert sum(length for _, length in pieces) == size
    assert len(created) == 1

    post = Post.objects.get()
    item = post.media.get()
    assert (post.caption, item.kind) == ("Kontrolle an der B270", MediaItem.Kind.VIDEO)
    # The upload was taken by the post and deleted: only the post's own files remain.
    assert not ResumableUpload.objects.exists()
    assert not [name for name in stored_files() if name.startswith("resumable/")]


def draft_in_browser(page):
    return page.evaluate("""() => new Promise((resolve) => {
      const request = indexedDB.open("revier-studio", 1);
      request.onsuccess = () => {
        const get = request.result.transaction("drafts").objectStore("drafts").getAll();
        get.onsuccess = () => resolve(get.result.map((d) => ({
          caption: d.caption, files: d.files.map((f) => [f.file.name, f.alt]),
          sending: d.sending})));
      };
    })""")


def write_offline(page, officer, photo, *, caption, alt_text):
    """Signs in, opens the studio, loses the connection and sends a post with one photo:
    the studio keeps it and waits."""
    photo.write_bytes(jpeg_bytes(size=(800, 600)))
    login(page, officer.user.email, PASSWORD)
    page.goto("/studio/new/")
    page.evaluate("navigator.serviceWorker.ready")
    page.context.set_offline(True)
    page.set_input_files("#id_media", str(photo))
    page.locator("[data-previews] textarea[name=alt_text]").fill(alt_text)
    page.fill("#id_caption", caption)
    page.click("[data-submit]")
    expect(page.locator("[data-progress-label]")).to_have_text("Wartet auf Verbindung …")


@pytest.mark.django_db(transaction=True)
def test_a_post_written_without_a_connection_is_sent_when_it_is_back(
        german_phone, officer, tmp_path):
    page = german_phone
    write_offline(page, officer, tmp_path / "IMG_0100.jpg", caption="Sprechstunde im Rathaus",
                  alt_text="Streifenwagen vor dem Rathaus")
    assert draft_in_browser(page) == [{
        "caption": "Sprechstunde im Rathaus",
        "files": [["IMG_0100.jpg", "Streifenwagen vor dem Rathaus"]], "sending": True,
    }]
    assert not Post.objects.exists()

    page.context.set_offline(False)
    expect(page).to_have_url(re.compile(r"/studio/$"), timeout=30_000)
    post = Post.objects.get()
    assert post.caption == "Sprechstunde im Rathaus"
    assert post.media.get().alt_text == "Streifenwagen vor dem Rathaus"
    assert draft_in_browser(page) == []


@pytest.mark.django_db(transaction=True)
def test_a_kept_post_is_sent_when_the_studio_is_opened_again(
        german_phone, officer, tmp_path):
    page = german_phone
    write_offline(page, officer, tmp_path / "IMG_0101.jpg", caption="Fahrradcodierung",
                  alt_text="Fahrradcodierung am Markt")
    # The phone goes to sleep: the page is gone, the draft stays.
    later = page.context.new_page()
    page.close()
    later.context.set_offline(False)
    later.goto("/studio/new/")
    expect(later).to_have_url(re.compile(r"/studio/$"), timeout=30_000)
    post = Post.objects.get()
    assert (post.caption, post.media.get().alt_text) == ("Fahrradcodierung",
                                                         "Fahrradcodierung am Markt")


@pytest.mark.django_db(transaction=True)
def test_a_post_being_written_is_kept_until_it_is_cancelled(page, officer, tmp_path):
    photo = tmp_path / "IMG_0102.jpg"
    photo.write_bytes(jpeg_bytes(size=(400, 300)))
    login(page, officer.user.email, PASSWORD)
    page.goto("/studio/new/")
    page.set_input_files("#id_media", str(photo))
    page.locator("[data-previews] textarea[name=alt_text]").fill("Infostand am Markt")
    page.fill("#id_caption", "Infostand")
    for _ in range(50):  # saved a moment after the last keystroke
        if [d["caption"] for d in draft_in_browser(page)] == ["Infostand"]:
            break
        page.wait_for_timeout(100)
    page.goto("/studio/")
    page.goto("/studio/new/")
    expect(page.locator("[data-restored]")).to_be_visible()
    expect(page.locator("#id_caption")).to_have_value("Infostand")
    expect(page.locator("[data-previews] textarea[name=alt_text]")).to_have_value(
        "Infostand am Markt")
    assert not Post.objects.exists()  # kept on the device only, not sent

    page.click("[data-discard]")
    expect(page).to_have_url(re.compile(r"/studio/$"))
    page.goto("/studio/new/")
    expect(page.locator("[data-restored]")).to_be_hidden()
    expect(page.locator("#id_caption")).to_have_value("")
    assert draft_in_browser(page) == []


@pytest.mark.django_db(transaction=True)
def test_an_upload_cut_off_goes_on_from_a_new_page_after_the_phone_slept(
        page, officer, tmp_path, small_pieces):
    clip = tmp_path / "VID_0008.mp4"
    assert noisy_video(clip) > 6 * PIECE
    pieces, created, cut = [], [], {}

    def watch(route):
        request = route.request
        if request.method == "POST":
            created.append(request.url)
        if request.method == "PATCH":
            offset = int(request.headers["upload-offset"])
            if len(pieces) == 2 and not cut:
                cut["at"] = offset
                page.context.set_offline(True)
                route.abort("internetdisconnected")
                return
            pieces.append(offset)
        route.fallback()

    login(page, officer.user.email, PASSWORD)
    page.goto("/studio/new/")
    context = page.context
    context.route(re.compile(r".*/studio/uploads/.*"), watch)
    page.set_input_files("#id_media", str(clip))
    page.fill("#id_caption", "Nachtstreife")
    page.click("[data-submit]")
    expect(page.locator("[data-progress-label]")).to_have_text("Waiting for a connection …")

    # The phone slept: the page is gone; later the studio is opened again, online.
    later = context.new_page()
    page.close()
    context.set_offline(False)
    later.goto("/studio/new/")
    expect(later).to_have_url(re.compile(r"/studio/$"), timeout=30_000)

    assert len(created) == 1  # the same upload, asked for its offset and continued
    assert pieces[:2] == [0, PIECE] and pieces[2] == cut["at"] == 2 * PIECE
    assert pieces.count(0) == 1
    post = Post.objects.get()
    assert post.caption == "Nachtstreife" and post.media.get().kind == MediaItem.Kind.VIDEO
    assert not ResumableUpload.objects.exists()
