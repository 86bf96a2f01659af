from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccessibilityConfig(AppConfig):
    """What a public body owes beyond WCAG (BITV 2.0): the explanations in Leichte
    Sprache and German Sign Language, the accessibility statement and the feedback on
    barriers with its answer deadline. Stands on the portal only."""

    name = "accessibility"
    verbose_name = _("Accessibility")

    def ready(self):
        from accessibility import signals  # noqa: F401 (connects the receivers)
