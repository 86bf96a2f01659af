"""An officer's own figures in the studio (/studio/figures/)."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import render

from metrics import export, report
from metrics.forms import PeriodForm
from metrics.models import DailySnapshot
from officers.models import Officer


def _own_channel(request):
    """The channel the signed-in user runs now; anyone else (also whoever ran a channel
    that is closed or handed over) is refused."""
    officer = Officer.objects.run_by(request.user)
    if officer is None:
        raise PermissionDenied
    return officer


def studio_figures(request):
    officer = _own_channel(request)
    form = PeriodForm(request.GET or None)
    period = form.get_period()
    snapshots = (
        DailySnapshot.objects.for_officer(officer).between(period.first, period.last)
        .for_figures()
    )
    return render(request, "metrics/studio.html", {
        "form": form,
        "officer": officer,
        "query": request.GET.urlencode(),
        **report.build(period, snapshots),
    })


def studio_figures_csv(request):
    officer = _own_channel(request)
    period = PeriodForm(request.GET or None).get_period()
    snapshots = (
        DailySnapshot.objects.for_officer(officer).between(period.first, period.last)
        .for_figures()
    )
    return export.csv_response(
        snapshots, f"revier-{officer.handle}-{period.first}-{period.last}.csv"
    )
