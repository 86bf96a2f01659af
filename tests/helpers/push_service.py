"""A real Web Push service on loopback for the tests: web-push-testing from npm
(package.json, installed by `make test`; started by tests/tools/push-service/serve.js),
an implementation this project did not write. It hands out subscriptions (endpoint and
keys, as a browser's push service does), and for every message checks the VAPID JWT
against the subscription's applicationServerKey (RFC 8292), decrypts the aes128gcm
payload with the subscription's private key and auth secret (RFC 8291) and keeps the
plain text for the test to read; messages to an expired subscription get 410 (RFC 8030).

Outside CI the tests that need it skip with a reason when node or the package is
missing; in CI (CI=true) they fail.
"""

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
import requests

ROOT = Path(__file__).resolve().parents[2]
TOOL = ROOT / "tests" / "tools" / "push-service"


class PushService:
    def __init__(self):
        self.process = subprocess.Popen(  # noqa: S603
            [shutil.which("node"), str(TOOL / "serve.js")], cwd=TOOL,
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        )
        line = self.process.stdout.readline()
        if not line.startswith("listening "):
            self.process.kill()
            raise RuntimeError(f"the push service did not start: {line!r}")
        self.origin = f"http://127.0.0.1:{int(line.split()[1])}"

    def _post(self, path, **kwargs):
        return requests.post(self.origin + path, timeout=10, **kwargs)

    def subscribe(self, application_server_key):
        """A new subscription, as PushManager.subscribe() resolves it (plus clientHash)."""
        response = self._post("/subscribe", json={
            "userVisibleOnly": "true", "applicationServerKey": application_server_key})
        response.raise_for_status()
        return response.json()["data"]

    def messages(self, subscription):
        """The decrypted messages the subscription received, oldest first."""
        response = self._post("/get-notifications",
                              json={"clientHash": subscription["clientHash"]})
        response.raise_for_status()
        return response.json()["data"]["messages"]

    def expire(self, subscription):
        """The browser unsubscribed: from now on the service answers 410."""
        self._post(f"/expire-subscription/{subscription['clientHash']}").raise_for_status()

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=10)
        self.process.stdout.close()


@pytest.fixture(scope="session")
def push_service():
    if shutil.which("node") is None or not (ROOT / "node_modules" / "web-push-testing").exists():
        message = "the push service needs node and `npm ci` (make test does both)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    service = PushService()
    yield service
    service.stop()


@pytest.fixture(scope="session")
def vapid_pem():
    from py_vapid import Vapid

    vapid = Vapid()
    vapid.generate_keys()
    return vapid.private_pem().decode()


@pytest.fixture
def push(settings, push_service, vapid_pem):
    """Push set up with a fresh key pair, sending to the loopback push service."""
    settings.VAPID_PRIVATE_KEY = vapid_pem
    settings.VAPID_SUBJECT = "mailto:pressestelle@polizei.example"
    settings.PUSH_SERVICES = [push_service.origin]
    return push_service


@pytest.fixture
def push_phone(client, push):
    """push_phone(user, *kinds): the user's device, subscribed, with `kinds` turned on."""
    def phone(user, *kinds):
        client.force_login(user)
        turn_on(user, *kinds)
        return subscribe(client, push)

    return phone


def subscribe(client, push_service, **extra):
    """What static/js/push.js does once the browser's push service has subscribed it:
    a new subscription at the loopback push service, sent to the portal. Returns the
    push service's subscription (with its clientHash)."""
    from portal.push import keys

    subscription = push_service.subscribe(keys.application_server_key())
    response = client.post(
        "/accounts/push/subscribe/",
        json.dumps({"endpoint": subscription["endpoint"], "keys": subscription["keys"]}),
        content_type="application/json", **extra,
    )
    assert response.status_code == 201, response.content
    return subscription


def turn_on(user, *kinds):
    from portal.push.models import PushChoice

    PushChoice.objects.bulk_create([PushChoice(user=user, kind=kind) for kind in kinds])


def received(push_service, device):
    """(kind, link) of each message the device got, oldest first."""
    return [(m["kind"], m["url"]) for m in map(json.loads, push_service.messages(device))]
