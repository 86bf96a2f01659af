"""Rows counted on another row (a post's likes, an officer's followers): the row and
its count change in one transaction, with F() expressions, so concurrent requests never
lose an update and the count never goes below zero."""

from django.db import IntegrityError, transaction
from django.db.models import F, Value
from django.db.models.functions import Greatest


def add_counted(model, counter, field, **row):
    """Creates `row` of `model` once and adds one to `field` of the `counter` queryset.
    Double clicks, replays and concurrent requests end in one row and one count (the
    database's unique constraint decides). True if this call created the row."""
    with transaction.atomic():
        try:
            with transaction.atomic():
                model.objects.create(**row)
        except IntegrityError:
            return False
        counter.update(**{field: F(field) + 1})
    return True


def remove_counted(model, counter, field, **row):
    """Deletes `row` of `model` and takes one off `field` of the `counter` queryset.
    True if there was a row."""
    with transaction.atomic():
        deleted, _ = model.objects.filter(**row).delete()
        if deleted:
            counter.update(**{field: Greatest(F(field) - 1, Value(0))})
    return bool(deleted)
