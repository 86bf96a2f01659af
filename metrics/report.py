"""What a figures page shows: the summary table, three charts and their tables. Shared
by the press office's admin page and an officer's studio page."""

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from metrics import charts
from metrics.figures import Figures, hours
from metrics.models import target_seconds


def _day(date):
    return date_format(date, "j M")


def followers_chart(figures):
    dates, series, total = figures.followers_by_day()
    lines = [(officer.display_name, values) for officer, values in
             sorted(series.items(), key=lambda item: item[0].display_name.casefold())]
    if len(lines) > 1:
        lines.append((_("All officers"), total))
    chart = charts.line_chart(
        "chart-followers",
        _("Followers over time"),
        _("Followers at the end of each day, from %(first)s to %(last)s.")
        % {"first": _day(figures.period.first), "last": _day(figures.period.last)},
        [_day(d) for d in dates],
        lines,
    )
    # The table gives the same numbers at the end of each week (and of the period), so
    # it stays short; the chart shows every day.
    columns = [label for label, _values in lines]
    rows = []
    for n, date in enumerate(dates):
        if date.weekday() == 6 or n == len(dates) - 1:
            rows.append((_day(date), [values[n] for _label, values in lines]))
    return {"chart": chart, "row_header": _("Day"), "columns": columns, "rows": rows}


def participation_chart(weeks):
    labels = [_("Likes"), _("Comments by citizens"), _("Questions")]
    groups = [
        (_day(monday), [t.likes, t.comments_citizens, t.questions_received])
        for monday, t in weeks
    ]
    chart = charts.bar_chart(
        "chart-participation",
        _("Participation per week"),
        _("Likes, comments by citizens and questions received in each week, "
          "labelled by its Monday."),
        groups, labels,
    )
    return {"chart": chart, "row_header": _("Week from"), "columns": labels, "rows": groups}


def response_chart(weeks):
    labels = [_("Median (hours)"), _("90th percentile (hours)")]
    groups = [
        (_day(monday), [hours(t.response_median), hours(t.response_p90)]) for monday, t in weeks
    ]
    target = hours(target_seconds())
    chart = charts.bar_chart(
        "chart-response",
        _("Time to first answer"),
        _("Median and 90th percentile of the hours from question to first answer, per "
          "week; the line marks the target of %(target)s hours.") % {"target": f"{target:g}"},
        groups, labels,
        guide=(target, _("Target: %(target)s h") % {"target": f"{target:g}"}),
    )
    return {"chart": chart, "row_header": _("Week from"), "columns": labels, "rows": groups}


def today_as_of(period, snapshots):
    """When today's figures were counted (the oldest of today's rows, so every figure
    shown is at least that fresh), or None when the period ends before today or today
    has not been counted yet."""
    today = timezone.localdate()
    if period.last < today:
        return None
    times = [s.computed_at for s in snapshots if s.date == today]
    return min(times) if times else None


def build(period, snapshots, chart_officer=None):
    """The context of a figures page. The summary covers every officer in
    `snapshots`; the charts only `chart_officer` when one is given."""
    snapshots = list(snapshots)
    figures = Figures(period, snapshots)
    charted = figures
    if chart_officer is not None:
        charted = Figures(period, [s for s in snapshots if s.officer_id == chart_officer.pk])
    weeks = charted.weeks()
    return {
        "period": period,
        "rows": figures.per_officer(),
        "total": figures.total(label=_("All officers")),
        "target_hours": f"{target_seconds() / 3600:g}",
        "charts": [
            followers_chart(charted),
            participation_chart(weeks),
            response_chart(weeks),
        ],
        "has_data": bool(snapshots),
        "includes_today": period.last >= timezone.localdate(),
        "today_as_of": today_as_of(period, snapshots),
    }
