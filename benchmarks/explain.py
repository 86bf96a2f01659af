"""The query plans of the main queries of the public pages and the studio on the seeded
benchmark database.

    .venv/bin/python benchmarks/explain.py [--database-url URL] [--verbose]

Run benchmarks/run.py first (it seeds the database). Each query is built by the same
queryset methods the pages use and shown with EXPLAIN (ANALYZE, BUFFERS) on PostgreSQL:
the plan should read an index range (Index Scan, Limit early), never sort or scan a
whole table of posts, likes or comments.
"""

import argparse
import os
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def setup(database_url):
    sys.path[:0] = [str(ROOT), str(ROOT / "var")]
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "benchmarks.settings")
    os.environ["DATABASE_URL"] = database_url
    import django

    django.setup()


def queries():
    """(title, queryset) of what the public pages ask the database."""
    from django.contrib.auth import get_user_model

    from officers.models import Follow, Officer
    from portal.pagination import cursor_of, parse_cursor
    from posts.models import Comment, Like, Post

    officer = Officer.objects.order_by("pk").first()
    busy = Post.objects.order_by("-comment_count").first()
    reader = Follow.objects.filter(officer=officer).order_by("pk").first().user
    user = get_user_model().objects.filter(comments__post=busy).first()
    listed = list(Post.objects.published().for_cards()[:200])
    deep_cursor = cursor_of(listed[-1])
    published_at, pk = parse_cursor(deep_cursor)
    older = Post.objects.published().for_cards().filter(published_at__lte=published_at) \
        .exclude(published_at=published_at, pk__gte=pk)
    yield "home: newest posts (keys)", Post.objects.published().for_cards()[:25]
    yield "home: 9th page (?before=)", older[:25]
    yield "channel: newest posts (keys)", Post.objects.for_channel(officer).for_cards()[:25]
    yield "channel: posts tagged #streife", \
        Post.objects.for_channel(officer).tagged("streife").for_cards()[:25]
    yield "feed: posts of followed channels (keys)", \
        Post.objects.for_feed(reader).for_cards()[:25]
    yield "cards: posts with officers (select_related)", \
        Post.objects.for_listing().filter(pk__in=[p.pk for p in listed[:24]])
    yield "post page: the post", Post.objects.published().for_listing() \
        .filter(pk=busy.pk, officer__handle=busy.officer.handle)
    thread = Comment.objects.for_post(busy, viewer=None)
    yield "post page: comment count", thread.order_by().values("pk")
    yield "post page: first 50 comments", thread[:50]
    tops = list(thread.values_list("pk", flat=True)[:50])
    yield "post page: their replies", Comment.objects.shown_to(None).filter(parent__in=tops) \
        .order_by("created_at", "pk")
    yield "signed in: liked?", Like.objects.filter(user=reader, post=busy)
    yield "signed in: following?", Follow.objects.filter(user=reader, officer=busy.officer)
    yield "signed in: own comments here?", Comment.objects.filter(post=busy, author=user) \
        .exclude(state=Comment.State.DELETED)
    yield "moderation queue", Comment.objects.needing_review()[:100]
    waiting = Comment.objects.waiting_for_reply(officer)
    yield "studio: comments to answer", waiting.select_related("author", "post__officer")[:51]
    yield "studio: how many wait (up to 50)", waiting.values("pk")[:50]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=os.environ.get(
        "DATABASE_URL", "postgres://postgres@127.0.0.1:5432/revier_bench"))
    parser.add_argument("--verbose", action="store_true", help="print the SQL too")
    args = parser.parse_args()
    setup(args.database_url)
    from django.db import connection

    if connection.vendor != "postgresql":
        raise SystemExit("EXPLAIN ANALYZE is shown for PostgreSQL only")
    for title, queryset in queries():
        plan = queryset.explain(analyze=True, buffers=True)
        took = re.search(r"Execution Time: ([\d.]+) ms", plan)
        print(f"== {title}  ({took.group(1) if took else '?'} ms)")
        if args.verbose:
            print(str(queryset.query))
        print(plan)
        print()


if __name__ == "__main__":
    main()
