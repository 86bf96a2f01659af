"""Tables of the pilot figures. They hold counts and durations only: no user, no
address, nothing that points back to a person, so they may outlive every account and
conversation they were counted from.

The tables keep the names they had when the figures were part of the `portal` app.
"""

from django.conf import settings
from django.db import IntegrityError, models, transaction
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from inbox.stats import percentile as inbox_percentile


def add_to_counters(model, lookup, **deltas):
    """Adds `deltas` to the counters of the row found by `lookup`, creating it if missing.

    Safe when several workers add at once: an UPDATE with F() is atomic in the database,
    and a create that loses the race to another one (unique constraint) becomes that
    UPDATE. Call it inside a transaction to make a group of additions all-or-nothing."""
    increments = {field: F(field) + delta for field, delta in deltas.items()}
    if model.objects.filter(**lookup).update(**increments):
        return
    try:
        with transaction.atomic():
            model.objects.create(**lookup, **deltas)
    except IntegrityError:
        model.objects.filter(**lookup).update(**increments)


def percentile(values, p):
    """The p-th percentile (0–100) of `values`, None if there are none: the inbox's
    definition (linear between the nearest ranks), so both pages agree."""
    return inbox_percentile(values, p)


def target_seconds():
    """The answer time the pilot promises (settings.INBOX_TARGET_HOURS), in seconds."""
    return int(settings.INBOX_TARGET_HOURS * 3600)


class DerivedFigures:
    """Figures derived from the counted ones, the same for a day's snapshot and for the
    sums over a period (metrics.figures.Totals)."""

    @property
    def views(self):
        return self.views_posts + self.views_channel

    @property
    def comments(self):
        return self.comments_citizens + self.comments_officers

    @property
    def response_median(self):
        return percentile(self.response_seconds, 50)

    @property
    def response_p90(self):
        return percentile(self.response_seconds, 90)

    @property
    def answered_within_target(self):
        limit = target_seconds()
        return sum(1 for s in self.response_seconds if s <= limit)


class FollowChange(models.Model):
    """Follows gained and lost per officer and day, kept up to date by signals on
    officers.Follow (see metrics/sources.py): a deleted follow leaves no row
    behind, so "lost" can only be counted when it happens."""

    date = models.DateField(_("date"))
    officer = models.ForeignKey(
        "officers.Officer", on_delete=models.CASCADE, related_name="+", verbose_name=_("officer")
    )
    gained = models.PositiveIntegerField(_("gained"), default=0)
    lost = models.PositiveIntegerField(_("lost"), default=0)

    class Meta:
        db_table = "portal_followchange"
        verbose_name = _("follow change")
        verbose_name_plural = _("follow changes")
        default_permissions = ()
        constraints = [
            models.UniqueConstraint(fields=["date", "officer"], name="followchange_once"),
        ]

    def __str__(self):
        return f"{self.date} {self.officer_id} +{self.gained} -{self.lost}"


class ViewFlush(models.Model):
    """Marks a time slot of view counters as moved from the cache into DailyViews, in
    the same transaction as the move: each slot is added exactly once, even when two
    flushes race or one dies before it could delete the counters from the cache."""

    slot = models.BigIntegerField(_("slot"), unique=True)
    flushed_at = models.DateTimeField(_("flushed"), auto_now_add=True)

    class Meta:
        db_table = "portal_viewflush"
        verbose_name = _("view flush")
        verbose_name_plural = _("view flushes")
        default_permissions = ()

    def __str__(self):
        return str(self.slot)


class DailyViewsQuerySet(models.QuerySet):
    def between(self, first, last):
        return self.filter(date__gte=first, date__lte=last)

    def add(self, date, officer_id, post_id, count):
        add_to_counters(DailyViews, DailyViews.lookup(date, officer_id, post_id), count=count)

    def add_counts(self, counts):
        """Adds {(date, officer_id, post_id or None): count} in few queries: one UPDATE
        per row that exists, one INSERT for all the others (falling back to one by one
        when a concurrent flush created some of them meanwhile). In a fixed order, so
        concurrent flushes lock rows in the same order."""
        if not counts:
            return
        existing = set(
            self.filter(date__in={k[0] for k in counts}, officer_id__in={k[1] for k in counts})
            .exclude(kind=DailyViews.Kind.POST, post__isnull=True)
            .values_list("date", "officer_id", "post_id")
        )
        new = []
        for key in sorted(counts, key=lambda k: (k[0], k[1], k[2] or 0)):
            if key in existing:
                self.filter(**DailyViews.lookup(*key)).update(count=F("count") + counts[key])
            else:
                new.append(DailyViews(**DailyViews.lookup(*key), count=counts[key]))
        try:
            with transaction.atomic():
                self.bulk_create(new)
        except IntegrityError:
            for row in new:
                self.add(row.date, row.officer_id, row.post_id, row.count)


class DailyViews(models.Model):
    """Page views per day of an officer's channel page or of one post."""

    class Kind(models.TextChoices):
        CHANNEL = "channel", _("Channel page")
        POST = "post", _("Post")

    date = models.DateField(_("date"))
    officer = models.ForeignKey(
        "officers.Officer", on_delete=models.PROTECT, related_name="+", verbose_name=_("officer")
    )
    kind = models.CharField(_("page"), max_length=10, choices=Kind.choices)
    # A deleted post keeps its views (as views of a post of the officer).
    post = models.ForeignKey(
        "posts.Post", on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("post"),
    )
    count = models.PositiveIntegerField(_("views"), default=0)

    objects = DailyViewsQuerySet.as_manager()

    class Meta:
        db_table = "portal_dailyviews"
        verbose_name = _("daily views")
        verbose_name_plural = _("daily views")
        default_permissions = ()
        constraints = [
            models.UniqueConstraint(
                fields=["date", "officer", "post"], condition=Q(post__isnull=False),
                name="dailyviews_post_once",
            ),
            models.UniqueConstraint(
                fields=["date", "officer"], condition=Q(kind="channel"),
                name="dailyviews_channel_once",
            ),
            models.CheckConstraint(
                condition=Q(kind="post") | Q(post__isnull=True), name="dailyviews_channel_no_post"
            ),
        ]

    def __str__(self):
        return f"{self.date} {self.officer_id} {self.kind} {self.post_id}: {self.count}"

    @classmethod
    def lookup(cls, date, officer_id, post_id):
        kind = cls.Kind.POST if post_id else cls.Kind.CHANNEL
        return {"date": date, "officer_id": officer_id, "kind": kind, "post_id": post_id}


class DailySnapshotQuerySet(models.QuerySet):
    def between(self, first, last):
        return self.filter(date__gte=first, date__lte=last)

    def for_officer(self, officer):
        return self.filter(officer=officer)

    def for_figures(self):
        return self.select_related("officer").order_by("date", "officer__display_name")


class DailySnapshot(DerivedFigures, models.Model):
    """An officer's figures of one day, computed from the live tables by a periodic
    task. The history lives here, so it survives deleted accounts and purged
    conversations; a rerun for the same day overwrites the row with the same values."""

    date = models.DateField(_("date"), db_index=True)
    officer = models.ForeignKey(
        "officers.Officer", on_delete=models.PROTECT, related_name="daily_snapshots",
        verbose_name=_("officer"),
    )
    followers = models.PositiveIntegerField(_("followers at the end of the day"), default=0)
    followers_gained = models.PositiveIntegerField(_("new followers"), default=0)
    followers_lost = models.PositiveIntegerField(_("lost followers"), default=0)
    # Followers on other servers (the federation app), as counted when the snapshot was
    # taken: their own number, never added to the portal's followers.
    fediverse_followers = models.PositiveIntegerField(_("Fediverse followers"), default=0)
    posts_published = models.PositiveIntegerField(_("posts published"), default=0)
    views_posts = models.PositiveIntegerField(_("post views"), default=0)
    views_channel = models.PositiveIntegerField(_("channel views"), default=0)
    likes = models.PositiveIntegerField(_("likes"), default=0)
    comments_citizens = models.PositiveIntegerField(_("comments by citizens"), default=0)
    comments_officers = models.PositiveIntegerField(_("comments by officers"), default=0)
    questions_received = models.PositiveIntegerField(_("questions received"), default=0)
    questions_answered = models.PositiveIntegerField(_("questions answered"), default=0)
    # Seconds from question to first answer, one per question first answered that
    # day, sorted: percentiles of any period are computed exactly from these.
    response_seconds = models.JSONField(_("response times (s)"), default=list, blank=True)
    public_qas = models.PositiveIntegerField(_("public Q&As"), default=0)
    # Likes and boosts from other servers that day: their own number, not in likes.
    fediverse_interactions = models.PositiveIntegerField(_("Fediverse interactions"),
                                                         default=0)
    computed_at = models.DateTimeField(_("computed"), auto_now=True)

    objects = DailySnapshotQuerySet.as_manager()

    class Meta:
        db_table = "portal_dailysnapshot"
        verbose_name = _("daily snapshot")
        verbose_name_plural = _("daily snapshots")
        ordering = ["date", "officer"]
        default_permissions = ()
        constraints = [
            models.UniqueConstraint(fields=["date", "officer"], name="dailysnapshot_once"),
        ]

    def __str__(self):
        return f"{self.date} {self.officer_id}"


class PilotFigures(DailySnapshot):
    """The "Pilot figures" page of the admin (metrics/admin.py): a proxy so the
    page has its own place in the admin and its own permission."""

    class Meta:
        proxy = True
        verbose_name = _("pilot figures")
        verbose_name_plural = _("pilot figures")
        default_permissions = ()
        permissions = [("view_pilot_figures", _("Can view the pilot figures"))]
