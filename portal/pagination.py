"""Keyset pagination of post lists (home, channel, feed), newest first.

A page is named by the position (published_at, id) of a post next to it: `?before=`
the last post of the page before (for older posts), `?after=` the first post of the
page after (for newer ones). Unlike page numbers (OFFSET, and a COUNT of the whole list)
every page is one short range scan of an index however deep it lies, and posts
published meanwhile never show a post twice or let one slip between two pages.
"""

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.db.models import Q
from django.http import Http404

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
MICROSECOND = timedelta(microseconds=1)
# Cursors this site makes: ASCII digits only (str.isdigit() also takes "²" and "٣").
CURSOR_RE = re.compile(r"\A([0-9]{1,18})_([0-9]{1,19})\Z")
LATEST = datetime(9999, 12, 31, tzinfo=UTC)
LARGEST_ID = 2**63 - 1  # a BigAutoField


def cursor_of(post):
    """The position of `post` in the list as text: "<microseconds since 1970>_<id>"."""
    return f"{(post.published_at - EPOCH) // MICROSECOND}_{post.pk}"


def parse_cursor(cursor):
    """(published_at, id) of a cursor; Http404 for one this site never made, also for
    one out of range (a date after 9999 or an id larger than the database takes)."""
    match = CURSOR_RE.match(cursor)
    if match is None:
        raise Http404("Unknown page")
    micros, pk = int(match[1]), int(match[2])
    if micros > (LATEST - EPOCH) // MICROSECOND or pk > LARGEST_ID:
        raise Http404("Unknown page")
    return EPOCH + micros * MICROSECOND, pk


@dataclass
class KeysetPage:
    object_list: list
    older_cursor: str | None = None  # ?before= of the next older page, if there is one
    newer_cursor: str | None = None  # ?after= of the next newer page, if there is one

    @property
    def has_other_pages(self):
        return bool(self.older_cursor or self.newer_cursor)


def paginate(queryset, before=None, after=None, size=None):
    """One page of `queryset`, which is ordered by -published_at, -pk: the newest posts,
    or those just older than `before`, or those just newer than `after`. Http404 for a
    cursor with nothing beyond it: this site never links to such a page."""
    page = _paginate(queryset, before, after, size or settings.PAGE_SIZE)
    if (before or after) and not page.object_list:
        raise Http404("Unknown page")
    return page


def _paginate(queryset, before, after, size):
    if before:
        published_at, pk = parse_cursor(before)
        # The redundant first condition lets the database read the index as a range.
        older = queryset.filter(Q(published_at__lte=published_at)
                                & (Q(published_at__lt=published_at) | Q(pk__lt=pk)))
        posts = list(older[: size + 1])
        more = len(posts) > size
        posts = posts[:size]
        return KeysetPage(posts, older_cursor=cursor_of(posts[-1]) if more else None,
                          newer_cursor=cursor_of(posts[0]) if posts else None)
    if after:
        published_at, pk = parse_cursor(after)
        newer = queryset.filter(Q(published_at__gte=published_at)
                                & (Q(published_at__gt=published_at) | Q(pk__gt=pk)))
        posts = list(newer.reverse()[: size + 1])  # the nearest newer ones first
        more = len(posts) > size
        posts = posts[:size][::-1]
        return KeysetPage(posts, older_cursor=cursor_of(posts[-1]) if posts else None,
                          newer_cursor=cursor_of(posts[0]) if more else None)
    posts = list(queryset[: size + 1])
    more = len(posts) > size
    posts = posts[:size]
    return KeysetPage(posts, older_cursor=cursor_of(posts[-1]) if more else None)


def page_of(request, queryset):
    """The page a request asks for with ?before= or ?after=."""
    return paginate(queryset, before=request.GET.get("before"), after=request.GET.get("after"))
