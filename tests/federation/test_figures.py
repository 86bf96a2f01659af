"""Fediverse followers in the pilot figures: their own number in the daily snapshots,
the admin's summary and the CSV, never added to the portal's followers."""

import csv
import io

from django.utils import timezone

from metrics.models import DailySnapshot
from metrics.snapshots import take

SHARED = "/federation/inbox"


def test_fediverse_followers_are_their_own_number(client, officer, remote, other_remote,
                                                  press_officer):
    remote.post(client, SHARED, remote.follow())
    other_remote.post(client, SHARED, other_remote.follow())
    today = timezone.localdate()
    take(today)
    snapshot = DailySnapshot.objects.get(date=today, officer=officer)
    assert (snapshot.fediverse_followers, snapshot.followers) == (2, 0)

    client.force_login(press_officer)
    page = client.get("/admin/metrics/pilotfigures/", {"period": "7"}).content.decode()
    assert "Fediverse followers" in page
    response = client.get("/admin/metrics/pilotfigures/export.csv", {"period": "7"})
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    [row] = [r for r in rows if r["date"] == today.isoformat()]
    assert (row["fediverse_followers"], row["followers"]) == ("2", "0")
