"""The CSV export: one row per officer and day, fixed columns."""

import csv
import io

from metrics.export import COLUMNS

from .conftest import DAY, at, travel

URL = "/admin/metrics/pilotfigures/export.csv"


def read_csv(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith("attachment;")
    return list(csv.reader(io.StringIO(response.content.decode())))


def test_it_exports_one_row_per_officer_and_day(client, press_officer, history):
    client.force_login(press_officer)
    with travel(at(DAY, 15)):
        rows = read_csv(client.get(URL, {"period": "7"}))
    assert rows[0] == [
        "date", "officer", "followers", "followers_new", "followers_lost", "posts_published",
        "views_posts", "views_channel", "likes", "comments_citizens", "comments_officers",
        "questions_received", "questions_answered", "response_median_hours",
        "response_p90_hours", "answered_within_target", "answered_within_target_share",
        "public_qas", "fediverse_followers", "fediverse_interactions",
    ] == COLUMNS
    data = [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]
    assert [(r["date"], r["officer"]) for r in data] == [
        ("2026-03-08", "isabel_polizeikl"),
        ("2026-03-09", "felix_polizeikl"),
        ("2026-03-09", "isabel_polizeikl"),
        ("2026-03-10", "felix_polizeikl"),
        ("2026-03-10", "isabel_polizeikl"),
    ]
    last = data[-1]
    assert last == {
        "date": "2026-03-10", "officer": "isabel_polizeikl", "followers": "110",
        "followers_new": "7", "followers_lost": "1", "posts_published": "2",
        "views_posts": "500", "views_channel": "60", "likes": "70",
        "comments_citizens": "9", "comments_officers": "3", "questions_received": "3",
        "questions_answered": "2",
        # 1800 s and 100000 s: median 50900 s, p90 1800 + 0.9 × 98200 = 90180 s.
        "response_median_hours": "14.14", "response_p90_hours": "25.05",
        "answered_within_target": "1", "answered_within_target_share": "0.500",
        "public_qas": "0", "fediverse_followers": "0",
        "fediverse_interactions": "0",
    }
    assert data[1]["response_median_hours"] == ""  # nothing answered that day
    assert data[1]["answered_within_target_share"] == ""


def test_it_exports_the_chosen_period_only(client, press_officer, history):
    client.force_login(press_officer)
    rows = read_csv(client.get(URL, {"period": "custom", "first": DAY.isoformat(),
                                     "last": DAY.isoformat()}))
    assert {row[0] for row in rows[1:]} == {DAY.isoformat()}


def test_numbers_use_a_dot_whatever_the_language(client, press_officer, history):
    client.force_login(press_officer)
    rows = read_csv(client.get(URL, {"period": "custom", "first": DAY.isoformat(),
                                     "last": DAY.isoformat()}, HTTP_ACCEPT_LANGUAGE="de"))
    assert "14.14" in rows[-1]
