from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MetricsConfig(AppConfig):
    """The pilot figures: they stand on every other app, and no app imports them."""

    name = "metrics"
    verbose_name = _("Pilot figures")

    def ready(self):
        from metrics import counting, signals
        from portal import viewcounts

        signals.connect()
        viewcounts.slot_opened.connect(counting.flush_closed_slots,
                                       dispatch_uid="metrics.flush_closed_slots")
