"""Lighthouse (from npm, `make test` installs it into node_modules/) checks with Debian's
Chromium that the portal can be installed as an app. Lighthouse 11 is the last release
with these checks (12 dropped its PWA category)."""

import json
import os
import subprocess
from pathlib import Path

import pytest
from django.conf import settings

from tests.browser.conftest import CHROMIUM

LIGHTHOUSE = Path(settings.BASE_DIR) / "node_modules" / ".bin" / "lighthouse"
INSTALLABLE = ["installable-manifest", "splash-screen", "themed-omnibox", "maskable-icon",
               "viewport", "content-width"]


def lighthouse(url, tmp_path):
    if not LIGHTHOUSE.exists():
        if os.environ.get("CI"):
            pytest.fail(f"Lighthouse is required in CI but {LIGHTHOUSE} is missing")
        pytest.skip("no Lighthouse in node_modules/: `make test` installs it (npm ci)")
    if not CHROMIUM.exists():
        pytest.skip(f"no Chromium at {CHROMIUM}")
    report = tmp_path / "lighthouse.json"
    subprocess.run(
        [str(LIGHTHOUSE), url, "--only-categories=pwa", "--output=json",
         f"--output-path={report}", "--quiet",
         "--chrome-flags=--headless=new --no-sandbox --disable-gpu "
         "--disable-background-networking --disable-component-update --no-first-run"],
        env={**os.environ, "CHROME_PATH": str(CHROMIUM)}, check=True, timeout=180,
    )
    return json.loads(report.read_text())


@pytest.mark.django_db(transaction=True)
def test_lighthouse_finds_the_portal_installable(live_server, officer, tmp_path):
    audits = lighthouse(live_server.url + "/", tmp_path)["audits"]
    scores = {name: audits[name]["score"] for name in INSTALLABLE}
    print("Lighthouse:", scores)
    assert scores == dict.fromkeys(INSTALLABLE, 1), {
        name: audits[name].get("details") for name in INSTALLABLE if scores[name] != 1
    }
