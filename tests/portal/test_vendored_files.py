"""The browser's tus client is committed under static/vendor/; it must be the very file of
the version package-lock.json pins (`make vendor` copies it)."""

import json
import os
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
VENDOR = ROOT / "static" / "vendor" / "tus-js-client"


def test_the_vendored_tus_client_is_the_pinned_version():
    lock = json.loads((ROOT / "package-lock.json").read_text())
    pinned = lock["packages"]["node_modules/tus-js-client"]["version"]
    assert (VENDOR / "VERSION").read_text().strip() == pinned
    assert "MIT License" in (VENDOR / "LICENSE").read_text()


def test_the_vendored_tus_client_is_the_file_npm_installs():
    installed = ROOT / "node_modules" / "tus-js-client" / "dist" / "tus.min.js"
    if not installed.exists():
        if os.environ.get("CI"):
            pytest.fail("node_modules is missing in CI: `make test` runs npm ci")
        pytest.skip("no node_modules/: `make test` installs it (npm ci)")
    assert (VENDOR / "tus.min.js").read_bytes() == installed.read_bytes()
