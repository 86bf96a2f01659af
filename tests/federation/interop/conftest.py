"""The interoperability peer (tests/federation/interop/peer.py, built on bovine) as a
fixture: started on a free loopback port with its own environment (.venv-peer, made by
`make test`), stopped after the test. Outside CI the tests skip with a reason when that
environment is missing; in CI they must run."""

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
PEER_PYTHON = ROOT / ".venv-peer" / "bin" / "python"
PEER = Path(__file__).with_name("peer.py")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class PeerProcess:
    def __init__(self, state_dir):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.state_dir = state_dir
        self.process = None

    def start(self):
        self.process = subprocess.Popen(
            [str(PEER_PYTHON), str(PEER), str(self.port), str(self.state_dir)],
            stdout=subprocess.PIPE, stderr=sys.stderr, text=True,
        )
        line = self.process.stdout.readline()
        if "ready" not in line:
            self.stop()
            pytest.fail(f"the peer did not start: {line!r}")
        return self

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(10)
        self.process = None

    def _call(self, path, data=None):
        request = urllib.request.Request(  # noqa: S310 (the peer, on loopback)
            self.url + path, data=json.dumps(data).encode() if data is not None else None,
            headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 (loopback)
            return json.loads(response.read())

    def uri(self, name):
        return f"{self.url}/users/{name}"

    def follow(self, name, handle, *, forge=False):
        return self._call("/control/follow", {"name": name, "handle": handle, "forge": forge})

    def send(self, name, inbox, activity):
        return self._call("/control/send", {"name": name, "inbox": inbox,
                                            "activity": activity})

    def signed_fetch(self, name, url):
        return self._call("/control/signed-fetch", {"name": name, "url": url})

    def stall(self, name, on=True):
        return self._call("/control/stall", {"name": name, "on": on})

    def state(self):
        return self._call("/control/state")

    def received(self, name=None, kind=None):
        return [r for r in self.state()["received"]
                if (name is None or r["name"] == name)
                and (kind is None or r["activity"]["type"] == kind)]

    def wait_for(self, condition, timeout=20):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if result := condition():
                return result
            time.sleep(0.1)
        pytest.fail("the peer did not get there in time")


@pytest.fixture
def peer(tmp_path):
    if not PEER_PYTHON.exists():
        if os.environ.get("CI"):
            pytest.fail(f"the interop peer's environment is required in CI: {PEER_PYTHON}")
        pytest.skip(f"no {PEER_PYTHON}: `make test` makes it (bovine for the interop peer)")
    process = PeerProcess(tmp_path / "peer").start()
    yield process
    process.stop()


@pytest.fixture
def our_server(live_server, settings):
    """Our portal on loopback, with federation on and remote fetches to loopback
    allowed (the explicit test setting)."""
    settings.SITE_URL = live_server.url
    settings.FEDERATION_ENABLED = True
    settings.FEDERATION_ALLOW_PRIVATE_ADDRESSES = True
    settings.FEDERATION_ALLOW_HTTP = True
    settings.ALLOWED_HOSTS = ["*"]
    return live_server
