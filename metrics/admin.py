"""The press office's "Pilot figures" page in the admin.

A proxy model (PilotFigures) gives the page its place in the admin index and its own
permission (metrics.view_pilot_figures); its changelist is replaced by the figures page,
and nothing can be added, changed or deleted through it."""

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import QueryDict
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from metrics import counting, export, report, snapshots
from metrics.forms import AdminPeriodForm
from metrics.models import DailySnapshot, PilotFigures

PERMISSION = "metrics.view_pilot_figures"


@admin.register(PilotFigures)
class PilotFiguresAdmin(admin.ModelAdmin):
    def has_module_permission(self, request):
        return request.user.has_perm(PERMISSION)

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm(PERMISSION)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path("", self.admin_site.admin_view(self.changelist_view),
                 name="{}_{}_changelist".format(*info)),
            path("export.csv", self.admin_site.admin_view(self.export_view),
                 name="{}_{}_export".format(*info)),
            path("refresh/", self.admin_site.admin_view(self.refresh_view),
                 name="{}_{}_refresh".format(*info)),
        ]

    def _period(self, request):
        if not self.has_view_permission(request):
            raise PermissionDenied
        form = AdminPeriodForm(request.GET or None)
        return form, form.get_period()

    def changelist_view(self, request, extra_context=None):
        form, period = self._period(request)
        snapshots = DailySnapshot.objects.between(period.first, period.last).for_figures()
        query = request.GET.urlencode()
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Pilot figures"),
            "form": form,
            "refresh_url": reverse("admin:metrics_pilotfigures_refresh"),
            "query": query,
            "csv_url": reverse("admin:metrics_pilotfigures_export")
            + (f"?{query}" if query else ""),
            "chart_officer": form.get_officer(),
            **report.build(period, snapshots, chart_officer=form.get_officer()),
            **(extra_context or {}),
        }
        return TemplateResponse(request, "admin/metrics/pilot_figures.html", context)

    @method_decorator(require_POST)
    def refresh_view(self, request):
        """Counts today's figures from the live tables now, instead of waiting for the
        hourly task, and goes back to the page it came from."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        counting.flush()
        snapshots.take(timezone.localdate())
        self.message_user(request, _("Today's figures have been counted again."))
        query = request.POST.get("query", "")
        url = reverse("admin:metrics_pilotfigures_changelist")
        return redirect(f"{url}?{QueryDict(query).urlencode()}" if query else url)

    def export_view(self, request):
        _form, period = self._period(request)
        snapshots = DailySnapshot.objects.between(period.first, period.last).for_figures()
        return export.csv_response(
            snapshots, f"revier-figures-{period.first}-{period.last}.csv"
        )
