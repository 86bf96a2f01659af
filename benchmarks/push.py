"""What one push message costs the task worker: the VAPID signature (RFC 8292) and the
payload's encryption (RFC 8291) alone, and with the POST to a push service, here the
loopback push service of the tests (web-push-testing, which also checks the signature and
decrypts the message before it answers).

    .venv/bin/python benchmarks/push.py [--messages 200]

Needs node and web-push-testing (`npm ci`, as `make test` does). Prints the median and
the 95th percentile per message, and messages per second for one worker process.
"""

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import requests  # noqa: E402
from py_vapid import Vapid  # noqa: E402
from pywebpush import WebPusher, webpush  # noqa: E402

from tests.helpers.push_service import PushService  # noqa: E402


def application_server_key(vapid):
    import base64

    from cryptography.hazmat.primitives import serialization

    raw = vapid.public_key.public_bytes(serialization.Encoding.X962,
                                        serialization.PublicFormat.UncompressedPoint)
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def timed(function, count):
    times = []
    for _ in range(count):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return times


def report(name, times):
    times = sorted(times)
    p95 = times[int(len(times) * 0.95) - 1]
    print(f"| {name} | {len(times)} | {statistics.median(times) * 1000:.2f} | "
          f"{p95 * 1000:.2f} | {len(times) / sum(times):.0f} |")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--messages", type=int, default=200)
    args = parser.parse_args()
    vapid = Vapid()
    vapid.generate_keys()
    service = PushService()
    try:
        subscription = service.subscribe(application_server_key(vapid))
        info = {"endpoint": subscription["endpoint"], "keys": subscription["keys"]}
        data = json.dumps({"kind": "new_post", "title": "Ein neuer Beitrag in einem Kanal, "
                           "dem Sie folgen", "url": "/@isabel_polizeikl/1234/"})

        session = requests.Session()

        def send(session=None):
            return webpush(info, data, vapid_private_key=vapid, requests_session=session,
                           vapid_claims={"sub": "mailto:pressestelle@polizei.example"},
                           headers={"Content-Type": "application/octet-stream",
                                    "Urgency": "normal"}, ttl=86400, timeout=10)

        send()  # warm up: connections, imports
        print("| step | messages | median ms | p95 ms | per second |")
        print("| --- | ---: | ---: | ---: | ---: |")
        claims = {"sub": "mailto:pressestelle@polizei.example", "aud": service.origin}

        def sign_and_encrypt():
            claims["exp"] = int(time.time()) + 12 * 60 * 60
            vapid.sign(claims)
            WebPusher(info).encode(data.encode(), content_encoding="aes128gcm")

        report("sign and encrypt", timed(sign_and_encrypt, args.messages))
        report("... and POST, a new connection each", timed(send, args.messages))
        report("... and POST, one kept-alive connection (as send_push does)",
               timed(lambda: send(session=session), args.messages))
        assert len(service.messages(subscription)) == 2 * args.messages + 1
    finally:
        service.stop()


if __name__ == "__main__":
    main()
