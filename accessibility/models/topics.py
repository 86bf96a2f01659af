from django.db import models
from django.utils.translation import gettext_lazy as _


class Topic(models.TextChoices):
    """The four explanations BITV 2.0 § 4 with Anlage 2 asks for on the start page, in
    Leichte Sprache and in German Sign Language alike."""

    OFFER = "offer", _("What this website offers")
    NAVIGATION = "navigation", _("How to find your way around the website")
    STATEMENT = "statement", _("The accessibility statement in short")
    MORE = "more", _("Where to find more information in these forms")

    @classmethod
    def missing(cls, present):
        """The required topics not in `present` (an iterable of topic values)."""
        present = set(present)
        return [topic for topic in cls if topic.value not in present]
