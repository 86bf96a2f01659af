from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OfficersConfig(AppConfig):
    name = "officers"
    verbose_name = _("Officers")

    def ready(self):
        from officers import signals  # noqa: F401
        from officers.models import Officer
        from portal import roles

        # Running a channel is staff power: the studio, the inbox, the figures.
        roles.STAFF_ROLES.append(lambda user: Officer.objects.run_by(user) is not None)
