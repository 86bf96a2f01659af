"""Seeds a realistic volume for the load benchmark, fast (COPY on PostgreSQL, bulk inserts
elsewhere, one shared password hash).

Default volume: 10,000 published posts over 20 officers, 50,000 citizens, 500,000 likes,
100,000 comments, 2,000 follows per officer; one post carries 200 comments (140 from
citizens, 60 replies by its officer). --scale multiplies every number except the 20
officers and the busy post. Writes what the load generator needs to --out (JSON).

The database is emptied first (manage.py flush), so run it only against a benchmark
database.
"""

import argparse
import io
import json
import os
import random
import secrets
import sys
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "benchmarks.settings")

import django  # noqa: E402

django.setup()

from allauth.account.models import EmailAddress  # noqa: E402
from django.conf import settings  # noqa: E402
from django.contrib.auth.hashers import make_password  # noqa: E402
from django.contrib.sessions.backends.db import SessionStore  # noqa: E402
from django.contrib.staticfiles.storage import staticfiles_storage  # noqa: E402
from django.core.files.base import ContentFile  # noqa: E402
from django.core.files.storage import default_storage  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402
from PIL import Image  # noqa: E402

from officers.models import Follow, Officer, Station  # noqa: E402
from portal.models import User  # noqa: E402
from posts.models import Comment, Like, MediaItem, Post  # noqa: E402
from posts.models.post import hashtags  # noqa: E402

OFFICERS = 20
SIGNED_IN = 200  # citizens with a prepared session (signed-in reads and writes)
BUSY_COMMENTS, BUSY_REPLIES = 140, 60
CAPTIONS = [
    "Fußstreife in der Altstadt: heute viele nette Gespräche am Stiftsplatz. #Streife",
    "Fahrradcodierung vor der Inspektion – danke für euren Besuch! #Fahrradsicherheit",
    "Verkehrskontrolle an der B270. Bitte denkt an den Sicherheitsabstand.",
    "Tag der offenen Tür: unsere Hundestaffel hat alle begeistert. #Hundestaffel",
    "Nachtschicht beginnt. Wir sind für euch da – im Notfall immer 110.",
]
COMMENTS = [
    "Danke für euren Einsatz!", "Toller Einblick, weiter so.", "Wann ist die nächste Codierung?",
    "Super Aktion 👍", "Gute Schicht euch beiden!",
]


def scaled(number, scale):
    return max(1, int(number * scale))


def insert(model, objects):
    """Inserts model instances (without primary keys) as fast as the database allows:
    COPY on PostgreSQL, bulk_create elsewhere. Signals are not sent, as with bulk_create."""
    objects = list(objects)
    if connection.vendor != "postgresql":
        model.objects.bulk_create(objects, batch_size=2000)
        return
    now = timezone.now()
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    sql = f"COPY {connection.ops.quote_name(model._meta.db_table)} ({columns}) FROM STDIN"
    with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
        for obj in objects:
            row = []
            for field in fields:
                value = getattr(obj, field.attname)
                if value is None and (getattr(field, "auto_now", False)
                                      or getattr(field, "auto_now_add", False)):
                    value = now
                row.append(field.get_db_prep_save(value, connection))
            copy.write_row(row)


def rendition_set():
    """One small set of real rendition files shared by all seeded photos."""
    names = []
    for width in (480, 960):
        image = Image.new("RGB", (width, width * 3 // 4), (40, 80, 160))
        for fmt, suffix in (("WEBP", "webp"), ("JPEG", "jpg")):
            buffer = io.BytesIO()
            image.save(buffer, fmt, quality=70)
            name = default_storage.save(f"bench/{width}.{suffix}", ContentFile(buffer.getvalue()))
            names.append({"width": width, "height": width * 3 // 4,
                          "format": "webp" if suffix == "webp" else "jpeg", "name": name,
                          "bytes": buffer.tell()})
    names.sort(key=lambda r: r["width"])
    return names


def recount():
    """Stored counters, as the running portal keeps them: one grouped count per table
    (a correlated count per row would be planned against the statistics of the tables as
    they were before the seed, empty, and scan all likes once per post)."""
    counts = [
        ("posts_post", "like_count", "posts_like", "post_id", ""),
        ("posts_post", "comment_count", "posts_comment", "post_id",
         "WHERE state = 'visible'"),
        ("officers_officer", "follower_count", "officers_follow", "officer_id", ""),
    ]
    with connection.cursor() as cursor:
        for table, column, counted, key, where in counts:
            cursor.execute(f"UPDATE {table} SET {column} = 0")  # noqa: S608 (names above)
            cursor.execute(
                f"UPDATE {table} SET {column} = counted.n FROM (SELECT {key}, COUNT(*) AS n "  # noqa: S608
                f"FROM {counted} {where} GROUP BY {key}) AS counted "
                f"WHERE counted.{key} = {table}.id")


@transaction.atomic
def seed(scale):
    if connection.vendor == "postgresql":
        # The rows made here refer only to rows made here; checking millions of deferred
        # foreign keys one by one at the commit took most of the seed at 10x. Needs a
        # superuser (the benchmark's `postgres`); for this transaction only.
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL session_replication_role = replica")
    random.seed(2026)
    now = timezone.now()
    password = make_password("benchmark")
    stations = [Station.objects.create(name=f"Polizeiinspektion {i + 1}") for i in range(4)]

    insert(User, [
        User(email=f"officer{i}@bench.example", display_name=f"Officer {i}", password=password)
        for i in range(OFFICERS)
    ])
    officer_users = list(User.objects.filter(email__startswith="officer").order_by("pk"))
    insert(Officer, [
        Officer(user=u, handle=f"officer_{i:02d}", display_name=f"Kommissarin {i}",
                rank="Polizeikommissarin", station=stations[i % 4], bio="Streife und Gespräche.")
        for i, u in enumerate(officer_users)
    ])
    officers = list(Officer.objects.order_by("pk"))

    insert(User, [
        User(email=f"citizen{i}@bench.example", display_name=f"Bürger {i}", password=password)
        for i in range(scaled(50_000, scale))
    ])
    citizen_ids = list(User.objects.filter(email__startswith="citizen")
                       .order_by("pk").values_list("pk", flat=True))

    posts = []
    for i in range(scaled(10_000, scale)):
        officer = officers[i % len(officers)]
        caption = CAPTIONS[i % len(CAPTIONS)]
        tags = hashtags(caption)  # what Post.save() would store
        posts.append(Post(officer=officer, author_id=officer.user_id, caption=caption,
                          tags=f" {' '.join(tags)} " if tags else "",
                          place_name="Kaiserslautern", state=Post.State.PUBLISHED,
                          published_at=now - timedelta(minutes=7 * i + 1)))
    insert(Post, posts)
    post_rows = list(Post.objects.order_by("-published_at", "-pk")
                     .values_list("pk", "officer_id", "officer__handle"))
    post_ids = [pk for pk, _officer, _handle in post_rows]
    renditions = rendition_set()
    insert(MediaItem, [
        MediaItem(post_id=pk, kind=MediaItem.Kind.PHOTO, original="bench/original",
                  alt_text="Zwei Streifenbeamte vor dem Streifenwagen",
                  status=MediaItem.Status.READY, width=960, height=720, renditions=renditions,
                  files_public=True)
        for pk in post_ids
    ])

    # The signed-in visitors (the first SIGNED_IN citizens) follow the first three officers.
    follows = {(user_id, officer.pk) for user_id in citizen_ids[:SIGNED_IN]
               for officer in officers[:3]}
    per_officer = min(scaled(2_000, scale), len(citizen_ids))
    for officer in officers:
        for user_id in random.sample(citizen_ids, per_officer):
            follows.add((user_id, officer.pk))
    insert(Follow, [Follow(user_id=u, officer_id=o) for u, o in follows])

    likes = set()
    target = min(scaled(500_000, scale), len(post_ids) * len(citizen_ids))
    while len(likes) < target:
        likes.add((random.choice(citizen_ids), random.choice(post_ids)))
    insert(Like, [Like(user_id=u, post_id=p) for u, p in likes])

    # The busy post: 140 citizens' comments, the first 60 answered by its officer.
    busy_post, busy_officer, busy_handle = post_rows[3]
    busy_officer_user = next(o.user_id for o in officers if o.pk == busy_officer)
    start = now - timedelta(days=1)
    insert(Comment, [
        Comment(post_id=busy_post, author_id=random.choice(citizen_ids),
                body=COMMENTS[i % len(COMMENTS)], created_at=start + timedelta(minutes=i))
        for i in range(BUSY_COMMENTS)
    ])
    tops = list(Comment.objects.filter(post_id=busy_post).order_by("pk")
                .values_list("pk", flat=True)[:BUSY_REPLIES])
    insert(Comment, [
        Comment(post_id=busy_post, author_id=busy_officer_user, parent_id=parent,
                body="Danke, gerne!", author_role=Comment.Role.OFFICER,
                badge="Kommissarin, Polizeikommissarin",
                created_at=start + timedelta(minutes=i, seconds=30))
        for i, parent in enumerate(tops)
    ])
    others = max(0, scaled(100_000, scale) - BUSY_COMMENTS - BUSY_REPLIES)
    insert(Comment, [
        Comment(post_id=random.choice(post_ids), author_id=random.choice(citizen_ids),
                body=COMMENTS[i % len(COMMENTS)])
        for i in range(others)
    ])
    recount()

    # Signed-in visitors: verified addresses (so they may write) and sessions made
    # directly, each with its own CSRF secret.
    signed_in = citizen_ids[:SIGNED_IN]
    emails = dict(User.objects.filter(pk__in=signed_in).values_list("pk", "email"))
    insert(EmailAddress, [EmailAddress(user_id=pk, email=emails[pk], verified=True, primary=True)
                          for pk in signed_in])
    backend = settings.AUTHENTICATION_BACKENDS[0]
    sessions = []
    for user_id in signed_in:
        store = SessionStore()
        store["_auth_user_id"] = str(user_id)
        store["_auth_user_backend"] = backend
        store["_auth_user_hash"] = User(pk=user_id, password=password).get_session_auth_hash()
        store.create()
        sessions.append({"sessionid": store.session_key, "csrf": secrets.token_hex(16)})

    handle_of = {pk: handle for pk, _officer, handle in post_rows}
    busy_path = f"/@{busy_handle}/{busy_post}/"
    recent = post_ids[:50]
    return {
        "volume": (f"{len(post_ids):,} posts, {len(officers)} officers, "
                   f"{len(citizen_ids):,} citizens, {len(likes):,} likes, "
                   f"{Comment.objects.count():,} comments, {per_officer:,} follows per officer"),
        "channel_path": f"/@{officers[0].handle}/",
        "busy_post_path": busy_path,
        "static_path": staticfiles_storage.url("css/site.css"),
        "anonymous_paths": ["/", "/feed.atom", f"/@{officers[0].handle}/",
                            f"/@{officers[1].handle}/", busy_path]
        + [f"/@{handle_of[p]}/{p}/" for p in recent[:20]],
        "signed_in_paths": ["/feed/", busy_path, f"/@{officers[0].handle}/"],
        "like_paths": [f"/@{handle_of[p]}/{p}/like/" for p in recent],
        "comment_paths": [f"/@{handle_of[p]}/{p}/comments/" for p in recent],
        "sessions": sessions,
    }


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    started = time.monotonic()
    call_command("flush", interactive=False, verbosity=0)
    fixtures = seed(args.scale)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    Path(args.out).write_text(json.dumps(fixtures))
    print(f"seeded {fixtures['volume']} into {connection.vendor} "
          f"in {time.monotonic() - started:.0f} s")


if __name__ == "__main__":
    main()
