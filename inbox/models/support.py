"""What the press office manages for the inbox: canned replies, trigger words and duty
hours."""

import datetime

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from officers.models import Officer, Station


class CannedReplyQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)

    def general(self):
        return self.active().filter(kind=CannedReply.Kind.GENERAL)

    def not_for_this_channel(self):
        return self.active().filter(kind=CannedReply.Kind.NOT_FOR_THIS_CHANNEL)


class CannedReply(models.Model):
    """A text the press office prepares for officers, inserted into an answer or sent
    as the referral when a question is not for this channel."""

    class Kind(models.TextChoices):
        GENERAL = "general", _("General answer")
        NOT_FOR_THIS_CHANNEL = "not_for_channel", _("Referral: not for this channel")

    title = models.CharField(_("title"), max_length=80, help_text=_("Shown to officers only."))
    body = models.TextField(
        _("text"), max_length=2000, help_text=_("Sent to the citizen as written.")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices,
                            default=Kind.GENERAL)
    is_active = models.BooleanField(_("active"), default=True)

    objects = CannedReplyQuerySet.as_manager()

    class Meta:
        verbose_name = _("canned reply")
        verbose_name_plural = _("canned replies")
        ordering = ["kind", "title"]

    def __str__(self):
        return self.title


class TriggerWordQuerySet(models.QuerySet):
    def words(self, kind):
        return sorted({w.lower() for w in self.filter(kind=kind).values_list("word", flat=True)})


class TriggerWord(models.Model):
    """A word that makes a message look like an emergency or a crime report.

    Matched case-insensitively anywhere in the text, also inside longer words, because
    German builds compounds ("Wohnungseinbruch"); a false alarm only shows guidance or
    a flag, a missed emergency costs more. The same rule runs in static/js/inbox.js."""

    class Kind(models.TextChoices):
        EMERGENCY_HINT = "emergency_hint", _("Guidance while typing (emergency or crime report)")
        URGENT = "urgent", _("Flag as urgent for the officer")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    word = models.CharField(_("word"), max_length=60)

    objects = TriggerWordQuerySet.as_manager()

    class Meta:
        verbose_name = _("trigger word")
        verbose_name_plural = _("trigger words")
        ordering = ["kind", "word"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "word"], name="trigger_word_once"),
        ]

    def __str__(self):
        return self.word


def find_triggers(text, words):
    """The words of `words` (already lower-case) that occur in `text`."""
    folded = (text or "").lower()
    return [w for w in words if w and w in folded]


class DutyHoursQuerySet(models.QuerySet):
    def for_officer(self, officer):
        """The officer's own hours, or else their station's: an officer with hours of
        their own does not inherit the station's."""
        own = list(self.filter(officer=officer))
        if own:
            return own
        return list(self.filter(station_id=officer.station_id, officer__isnull=True))


class DutyHours(models.Model):
    """One weekly duty slot of an officer or of a whole station, in local time. A slot
    whose end is not after its start runs past midnight into the next day."""

    class Weekday(models.IntegerChoices):
        MONDAY = 0, _("Monday")
        TUESDAY = 1, _("Tuesday")
        WEDNESDAY = 2, _("Wednesday")
        THURSDAY = 3, _("Thursday")
        FRIDAY = 4, _("Friday")
        SATURDAY = 5, _("Saturday")
        SUNDAY = 6, _("Sunday")

    officer = models.ForeignKey(
        Officer, on_delete=models.CASCADE, null=True, blank=True, related_name="duty_hours",
        verbose_name=_("officer"), help_text=_("Either an officer or a station."),
    )
    station = models.ForeignKey(
        Station, on_delete=models.CASCADE, null=True, blank=True, related_name="duty_hours",
        verbose_name=_("station"),
    )
    weekday = models.PositiveSmallIntegerField(_("weekday"), choices=Weekday.choices)
    start = models.TimeField(_("from"))
    end = models.TimeField(_("until"))

    objects = DutyHoursQuerySet.as_manager()

    class Meta:
        verbose_name = _("duty hours")
        verbose_name_plural = _("duty hours")
        ordering = ["officer", "station", "weekday", "start"]
        constraints = [
            models.CheckConstraint(
                condition=Q(officer__isnull=False, station__isnull=True)
                | Q(officer__isnull=True, station__isnull=False),
                name="duty_hours_officer_or_station",
            ),
        ]

    def __str__(self):
        return f"{self.get_weekday_display()} {self.start:%H:%M}–{self.end:%H:%M}"

    def intervals_around(self, day):
        """This slot's (start, end) as aware datetimes for the week days near `day`."""
        tz = timezone.get_current_timezone()
        for offset in range(-1, 8):
            date = day + datetime.timedelta(days=offset)
            if date.weekday() != self.weekday:
                continue
            start = datetime.datetime.combine(date, self.start, tz)
            end_date = date if self.end > self.start else date + datetime.timedelta(days=1)
            yield start, datetime.datetime.combine(end_date, self.end, tz)


class DutySchedule:
    """When an officer is on duty, from their DutyHours (or their station's)."""

    def __init__(self, slots):
        self.slots = list(slots)

    @classmethod
    def for_officer(cls, officer):
        return cls(DutyHours.objects.for_officer(officer))

    def __bool__(self):
        return bool(self.slots)

    def _intervals(self, at):
        day = timezone.localtime(at).date()
        return sorted(i for slot in self.slots for i in slot.intervals_around(day))

    def is_on_duty(self, at):
        """Without any duty hours an officer counts as on duty: nothing to promise."""
        if not self.slots:
            return True
        return any(start <= at < end for start, end in self._intervals(at))

    def next_start(self, at):
        """The start of the next duty slot after `at`, or None without duty hours."""
        starts = [start for start, _end in self._intervals(at) if start > at]
        return min(starts) if starts else None
