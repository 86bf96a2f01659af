"""Inbox figures for the press office and the pilot figures.

They count anonymised conversations too (retention keeps the officer and the times),
so figures for old periods stay the same after retention has run."""

import datetime
import math

from inbox.models import Conversation
from officers.models import Officer


def percentile(values, p):
    """The p-th percentile (0–100) of `values`, interpolating linearly between the two
    nearest ranks (the common "linear" definition, as numpy's default); None if empty."""
    values = sorted(values)
    if not values:
        return None
    rank = (len(values) - 1) * p / 100
    low, high = math.floor(rank), math.ceil(rank)
    return values[low] + (values[high] - values[low]) * (rank - low)


def response_times(since, until):
    """Per addressed officer (their channel), for questions asked in [since, until):
    how many were asked, answered and are still waiting, and the median and 90th
    percentile of the time to the first answer by a person (automatic replies do not
    count; a "not for this channel" referral does). Times are timedeltas or None.

    Returns a list of dicts sorted by officer name: officer, asked, answered, waiting,
    median, p90."""
    rows = (
        Conversation.objects.filter(created_at__gte=since, created_at__lt=until)
        .values_list("officer_id", "created_at", "first_answered_at", "state")
    )
    by_officer = {}
    for officer_id, created, answered, state in rows:
        figures = by_officer.setdefault(officer_id, {"asked": 0, "waiting": 0, "seconds": []})
        figures["asked"] += 1
        if answered:
            figures["seconds"].append((answered - created).total_seconds())
        elif state == Conversation.State.OPEN:
            figures["waiting"] += 1
    officers = Officer.objects.in_bulk(list(by_officer))
    result = []
    for officer_id, figures in by_officer.items():
        seconds = figures["seconds"]
        median, p90 = percentile(seconds, 50), percentile(seconds, 90)
        result.append({
            "officer": officers[officer_id],
            "asked": figures["asked"],
            "answered": len(seconds),
            "waiting": figures["waiting"],
            "median": datetime.timedelta(seconds=median) if median is not None else None,
            "p90": datetime.timedelta(seconds=p90) if p90 is not None else None,
        })
    return sorted(result, key=lambda r: r["officer"].display_name)
