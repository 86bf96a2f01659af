"""Helpers for the pilot figures' tests: known data at known times."""

import datetime
import zoneinfo

import pytest
import time_machine

from posts.models import Post

BERLIN = zoneinfo.ZoneInfo("Europe/Berlin")
BROWSER = (
    "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/126.0 Mobile Safari/537.36"
)


def at(day, hour=12, minute=0):
    """An aware datetime in Berlin on `day` (a date)."""
    return datetime.datetime.combine(day, datetime.time(hour, minute), BERLIN)


def travel(moment):
    return time_machine.travel(moment, tick=False)


DAY = datetime.date(2026, 3, 10)  # a Tuesday, no change of the clocks nearby


def make_post(officer, published_at, **extra):
    return Post.objects.create(
        officer=officer, author=officer.user, caption="Streife am Ostertor",
        state=Post.State.PUBLISHED, published_at=published_at, **extra,
    )


@pytest.fixture
def post(officer):
    with travel(at(DAY, 8)):
        return make_post(officer, at(DAY, 8))


LONG_AGO = datetime.datetime(2025, 1, 1, tzinfo=BERLIN)


def _opened_long_ago(officer):
    # The personas' channels are created at the real time; the figures only count an
    # officer from the day the channel was opened.
    type(officer).objects.filter(pk=officer.pk).update(created_at=LONG_AGO)
    officer.refresh_from_db()
    return officer


@pytest.fixture
def officer(officer):
    return _opened_long_ago(officer)


@pytest.fixture
def colleague(colleague):
    return _opened_long_ago(colleague)


def snap(officer, day, **fields):
    """A stored snapshot with the given figures (the rest 0)."""
    from metrics.models import DailySnapshot

    seconds = sorted(fields.pop("response_seconds", []))
    return DailySnapshot.objects.create(
        officer=officer, date=day, response_seconds=seconds,
        questions_answered=len(seconds), **fields,
    )


@pytest.fixture
def history(officer, colleague):
    """Three days of figures for both officers, ending on DAY."""
    one = datetime.timedelta(days=1)
    snap(officer, DAY - 2 * one, followers=100, followers_gained=10, followers_lost=1,
         posts_published=1, views_posts=300, views_channel=40, likes=25,
         comments_citizens=4, comments_officers=1, questions_received=2,
         response_seconds=[3600, 7200], public_qas=1)
    snap(officer, DAY - one, followers=104, followers_gained=6, followers_lost=2,
         views_posts=120, views_channel=10, likes=5, questions_received=1,
         response_seconds=[36000])
    snap(officer, DAY, followers=110, followers_gained=7, followers_lost=1,
         posts_published=2, views_posts=500, views_channel=60, likes=70,
         comments_citizens=9, comments_officers=3, questions_received=3,
         response_seconds=[1800, 100000])
    snap(colleague, DAY - one, followers=50, followers_gained=50, views_channel=5)
    snap(colleague, DAY, followers=48, followers_lost=2, likes=1, comments_citizens=1)


@pytest.fixture(autouse=True)
def english(client):
    """Pages in English, so tests can name the texts by their msgids (German is the
    default language and has its translations)."""
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
