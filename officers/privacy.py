"""What the officers app keeps about a person (see portal/privacy.py): whom they follow."""

from django.db import transaction
from django.db.models import F, Value
from django.db.models.functions import Greatest

from officers.models import Follow, Officer


def export(user):
    return {"follows": [
        {"officer": f.officer.handle, "since": f.created_at.isoformat()}
        for f in Follow.objects.filter(user=user).select_related("officer").order_by("pk")
    ]}


def forget(user):
    """Removes the user's follows; the officers' totals go down accordingly."""
    with transaction.atomic():
        officer_ids = list(Follow.objects.filter(user=user).values_list("officer_id", flat=True))
        Follow.objects.filter(user=user).delete()
        Officer.objects.filter(pk__in=officer_ids).update(
            follower_count=Greatest(F("follower_count") - 1, Value(0))
        )
