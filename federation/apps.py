from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FederationConfig(AppConfig):
    name = "federation"
    verbose_name = _("Fediverse")

    def ready(self):
        from federation import signals  # noqa: F401 (connects the receivers)
