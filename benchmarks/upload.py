"""How long an officer waits for the upload request: a new post with a 12-megapixel phone
photo sent to the studio form, as in production (the photo is checked and stored
privately; its renditions are made later by the task worker).

    .venv/bin/python benchmarks/upload.py [--runs 7]

Runs in-process with Django's test client against the benchmark database that
benchmarks/run.py seeded (PostgreSQL), as the first seeded officer (given an
authenticator, which the studio requires). Prints the wall time of each request and the
median; the drafts it made are deleted again. Target: under 300 ms.
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "var")]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "benchmarks.settings")
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/revier_bench")
os.environ.setdefault("MEDIA_ROOT", str(ROOT / "var" / "bench-media"))
os.environ.setdefault("PRIVATE_MEDIA_ROOT", str(ROOT / "var" / "bench-private"))

import django  # noqa: E402

django.setup()

from allauth.mfa.models import Authenticator  # noqa: E402
from allauth.mfa.totp.internal.auth import generate_totp_secret  # noqa: E402
from allauth.mfa.utils import encrypt  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402

from benchmarks.media import make_photo  # noqa: E402
from officers.models import Officer  # noqa: E402
from posts.models import Post  # noqa: E402

TARGET_MS = 300


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()

    officer = Officer.objects.select_related("user").order_by("pk").first()
    if officer is None:
        raise SystemExit("no seeded officer: run benchmarks/run.py first")
    Authenticator.objects.get_or_create(
        user=officer.user, type=Authenticator.Type.TOTP,
        defaults={"data": {"secret": encrypt(generate_totp_secret())}},
    )
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(officer.user)
    before = set(Post.objects.filter(officer=officer).values_list("pk", flat=True))

    timings = []
    with tempfile.TemporaryDirectory() as folder:
        photo = Path(folder) / "IMG_0001.jpg"
        make_photo(photo, orientation=6, seed=1)
        size = photo.stat().st_size
        try:
            for run in range(args.runs + 1):  # the first warms up
                with photo.open("rb") as upload:
                    started = time.perf_counter()
                    response = client.post(reverse("posts:studio_new"), {
                        "caption": "Streife in der Altstadt", "place_name": "Altstadt",
                        "media": [upload], "alt_text": ["Zwei Streifenwagen am Markt"],
                    })
                    elapsed = (time.perf_counter() - started) * 1000
                if response.status_code != 302:
                    raise SystemExit(f"the upload was refused: {response.status_code}")
                if run:
                    timings.append(elapsed)
        finally:
            for post in Post.objects.filter(officer=officer).exclude(pk__in=before):
                post.delete()

    print(f"upload of a 12 MP JPEG ({size / 1024 / 1024:.1f} MB) to the studio form, "
          f"{args.runs} runs: " + ", ".join(f"{t:.0f}" for t in timings) + " ms")
    median = statistics.median(timings)
    verdict = "met" if median < TARGET_MS else "NOT met"
    print(f"median {median:.0f} ms; target under {TARGET_MS} ms: {verdict}")


if __name__ == "__main__":
    main()
