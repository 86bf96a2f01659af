from django.contrib import messages
from django.utils.translation import gettext

from accessibility.models import Topic


def warn_of_missing_topics(model_admin, request, present, what):
    """A warning above a list when one of the four explanations the law asks for is
    not published in this form (`what`: "in Leichte Sprache", "in sign language")."""
    missing = Topic.missing(present)
    if missing:
        model_admin.message_user(request, gettext(
            "Not yet published %(what)s: %(topics)s. BITV 2.0 asks for all four "
            "explanations.") % {"what": what, "topics": "; ".join(str(t.label) for t in missing)},
            messages.WARNING)
