from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = _("Portal")

    def ready(self):
        from django.db.models.signals import post_migrate

        from portal import ratelimit, signals  # noqa: F401 (a system check, receivers)
        from portal.roles import sync_groups

        # Sent once per app; the last app's signal sees every permission.
        post_migrate.connect(sync_groups, dispatch_uid="portal.sync_groups")
