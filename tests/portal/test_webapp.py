"""The installable web app: manifest, service worker, offline page."""

import json
from pathlib import Path

from django.conf import settings
from PIL import Image

STATIC = Path(settings.BASE_DIR) / "static"


def static_file(url):
    return STATIC / url.removeprefix(settings.STATIC_URL)


def test_it_describes_a_standalone_app_in_police_blue(client, db):
    response = client.get("/manifest.webmanifest")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/manifest+json"
    manifest = response.json()
    assert manifest["name"] == "Revier"
    assert manifest["display"] == "standalone"
    assert manifest["start_url"] == "/" and manifest["scope"] == "/"
    assert manifest["theme_color"] == "#0b3d91"
    assert "shortcuts" not in manifest and "share_target" not in manifest
    assert not response.cookies


def test_its_icons_exist_in_their_sizes_and_are_police_blue(client, db):
    icons = client.get("/manifest.webmanifest").json()["icons"]
    assert {(icon["sizes"], icon["purpose"]) for icon in icons} == {
        ("192x192", "any"), ("512x512", "any"), ("512x512", "maskable"),
    }
    for icon in icons:
        with Image.open(static_file(icon["src"])) as image:
            assert image.format == "PNG"
            assert f"{image.width}x{image.height}" == icon["sizes"]
            # Left of the star, half way down: the blue of the header.
            r, g, b = image.convert("RGB").getpixel((image.width // 8, image.height // 2))
            assert max(abs(r - 11), abs(g - 61), abs(b - 145)) < 4


def test_it_gives_officers_shortcuts_to_a_new_post_and_the_inbox(client, db):
    manifest = client.get("/manifest.webmanifest?for=officers&lang=de").json()
    assert [(s["name"], s["url"]) for s in manifest["shortcuts"]] == [
        ("Neuer Beitrag", "/studio/new/"), ("Posteingang", "/studio/inbox/"),
    ]
    assert manifest["lang"] == "de"
    english = client.get("/manifest.webmanifest?for=officers&lang=en").json()
    assert [s["name"] for s in english["shortcuts"]] == ["New post", "Inbox"]
    share = manifest["share_target"]
    assert (share["action"], share["method"], share["enctype"]) == (
        "/studio/share/", "POST", "multipart/form-data")
    assert share["params"]["files"] == [{"name": "media", "accept": ["image/*", "video/*"]}]
    unknown = client.get("/manifest.webmanifest?lang=xx").json()
    assert unknown["lang"] == settings.LANGUAGE_CODE


def test_officers_pages_link_the_manifest_with_shortcuts(client, officer, citizen):
    client.force_login(officer.user)
    assert b'href="/manifest.webmanifest?lang=en&amp;for=officers"' in client.get("/").content
    client.force_login(citizen)
    page = client.get("/").content
    assert b'href="/manifest.webmanifest?lang=en"' in page
    assert b"for=officers" not in page


def config_of(worker):
    line = next(line for line in worker.splitlines() if line.startswith("const CONFIG = "))
    return json.loads(line.removeprefix("const CONFIG = ").rstrip(";"))


def test_the_service_worker_is_served_from_the_root_and_never_kept_stale(client, db):
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    assert "no-cache" in response["Cache-Control"]
    assert not response.cookies


def test_the_service_worker_keeps_only_static_files_and_the_offline_page(client, db):
    config = config_of(client.get("/sw.js").content.decode())
    assert config["offline"] == "/offline/"
    assert config["static"] == "/static/"
    assert config["precache"][0] == "/offline/"
    assert all(url.startswith("/static/") for url in config["precache"][1:])
    for url in config["precache"][1:]:
        assert static_file(url).exists(), url


def test_the_offline_page_is_public_and_sets_no_cookie(client, db):
    response = client.get("/offline/")
    assert response.status_code == 200
    assert b"No connection" in response.content
    assert not response.cookies


def test_the_policy_lets_only_our_own_worker_and_manifest_in(client, db):
    policy = client.get("/offline/")["Content-Security-Policy"]
    assert "worker-src 'self'" in policy
    assert "manifest-src 'self'" in policy
