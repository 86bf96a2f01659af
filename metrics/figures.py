"""Figures of a period, summed from the daily snapshots: per officer, in total, per
week. Plain Python over the rows of one query, so every page reads the database once
for all its figures."""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from metrics.models import DerivedFigures


def hours(seconds):
    return None if seconds is None else round(seconds / 3600, 1)


SUMMED = (
    "followers_gained", "followers_lost", "posts_published", "views_posts", "views_channel",
    "likes", "comments_citizens", "comments_officers", "questions_received",
    "questions_answered", "public_qas", "fediverse_interactions",
)


@dataclass
class Period:
    first: datetime.date
    last: datetime.date

    @classmethod
    def last_days(cls, days, today):
        return cls(today - datetime.timedelta(days=days - 1), today)

    @property
    def days(self):
        return (self.last - self.first).days + 1

    def dates(self):
        return [self.first + datetime.timedelta(days=n) for n in range(self.days)]


@dataclass
class Totals(DerivedFigures):
    """Figures summed over some snapshots (one officer, or all officers)."""

    label: str = ""
    officer: object = None
    followers: int = 0
    fediverse_followers: int = 0
    followers_start: int = 0
    response_seconds: list = field(default_factory=list)
    followers_gained: int = 0
    followers_lost: int = 0
    posts_published: int = 0
    views_posts: int = 0
    views_channel: int = 0
    likes: int = 0
    comments_citizens: int = 0
    comments_officers: int = 0
    questions_received: int = 0
    questions_answered: int = 0
    public_qas: int = 0
    fediverse_interactions: int = 0

    def add(self, snapshot):
        for name in SUMMED:
            setattr(self, name, getattr(self, name) + getattr(snapshot, name))
        self.response_seconds.extend(snapshot.response_seconds)

    def add_totals(self, other):
        for name in SUMMED:
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.followers += other.followers
        self.fediverse_followers += other.fediverse_followers
        self.followers_start += other.followers_start
        self.response_seconds.extend(other.response_seconds)

    @property
    def followers_change(self):
        return self.followers_gained - self.followers_lost

    @property
    def participation(self):
        return self.likes + self.comments_citizens + self.questions_received

    @property
    def response_median_hours(self):
        return hours(self.response_median)

    @property
    def response_p90_hours(self):
        return hours(self.response_p90)

    @property
    def within_target_share(self):
        """Share (0 to 1) of the answered questions answered within the target."""
        if not self.response_seconds:
            return None
        return self.answered_within_target / len(self.response_seconds)

    @property
    def within_target_percent(self):
        share = self.within_target_share
        return None if share is None else round(share * 100)


class Figures:
    """All figures of a period, from the snapshots of that period (any officers)."""

    def __init__(self, period, snapshots):
        self.period = period
        self.snapshots = sorted(snapshots, key=lambda s: (s.date, s.officer_id))

    def officers(self):
        seen = {}
        for s in self.snapshots:
            seen.setdefault(s.officer_id, s.officer)
        return sorted(seen.values(), key=lambda o: o.display_name.casefold())

    def per_officer(self):
        """One Totals per officer; followers are those at the end of the period, and
        followers_start those at the end of the day before it, so that
        followers_start + followers_gained - followers_lost = followers."""
        rows = {}
        for s in self.snapshots:
            row = rows.get(s.officer_id)
            if row is None:
                row = rows[s.officer_id] = Totals(
                    label=s.officer.display_name, officer=s.officer,
                    followers_start=s.followers - s.followers_gained + s.followers_lost,
                )
            row.add(s)
            row.followers = s.followers  # snapshots are in date order: the last wins
            row.fediverse_followers = s.fediverse_followers
        return sorted(rows.values(), key=lambda r: r.label.casefold())

    def total(self, label=""):
        total = Totals(label=label)
        for row in self.per_officer():
            total.add_totals(row)
        return total

    def followers_by_day(self):
        """{officer: [followers at the end of each day of the period or None]} and the
        total per day (officers without a snapshot that day are left out)."""
        dates = self.period.dates()
        position = {d: n for n, d in enumerate(dates)}
        series = {}
        total = [None] * len(dates)
        for s in self.snapshots:
            if s.date not in position:
                continue
            values = series.setdefault(s.officer, [None] * len(dates))
            values[position[s.date]] = s.followers
            n = position[s.date]
            total[n] = (total[n] or 0) + s.followers
        return dates, series, total

    def weeks(self):
        """[(monday, Totals)] for every week (Monday to Sunday) the period touches."""
        weeks = defaultdict(Totals)
        for s in self.snapshots:
            weeks[s.date - datetime.timedelta(days=s.date.weekday())].add(s)
        first = self.period.first - datetime.timedelta(days=self.period.first.weekday())
        result = []
        monday = first
        while monday <= self.period.last:
            result.append((monday, weeks.get(monday, Totals())))
            monday += datetime.timedelta(days=7)
        return result
