"""Decisions the press office takes with admin actions (approved, rejected, assigned,
closed, muted), recorded in the admin's history of the object.

Django's history (``LogEntry``) stores its own entries as a JSON list of
``{"added"|"changed"|"deleted": …}`` and puts them into words when the history is
shown, in the reader's language. Decisions are stored the same way, as a code with its
values under ``"decision"``, never as finished text: a German press office reads German
whoever recorded the entry and in whichever language. ``describe`` puts any entry into
words; templates/admin/object_history.html shows the history with it.
"""

import json

from django.contrib.admin.models import DELETION, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db.models import F, Value
from django.db.models.functions import Concat
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _

KIND = "decision"

TEXTS = {
    "approved": _("Approved."),
    "rejected": _("Rejected or withdrawn: %(reason)s"),
    "assigned": _("Assigned to %(officer)s."),
    "closed": _("Closed."),
    "muted": _("Muted."),
    "unmuted": _("Unmuted."),
    "answered": _("Answered."),
    "answered_by_email": _("Answered by e-mail."),
}

# Before decisions were stored as codes, they were stored as words, in English:
# "Assigned to <officer>" and these (kept in the catalogue to show them translated).
OLD_WORDS = [gettext_noop("Approved"), gettext_noop("Rejected"), gettext_noop("Closed"),
             gettext_noop("Muted"), gettext_noop("Unmuted")]
OLD_ASSIGNED = "Assigned to "


def log_decision(model_admin, request, obj, code, **values):
    """Records `code` (a key of TEXTS, with the values its text names) in the history
    of `obj`."""
    if code not in TEXTS:
        raise ValueError(f"unknown decision {code!r}")
    return model_admin.log_change(request, obj, [{KIND: {"code": code, **values}}])


def forget(model, pks):
    """Deletes the history of these objects: for rows removed because they held personal
    data (a deleted account, a proposal whose consent ended). The record of the deletion
    itself stays when it names the object by its id only (portal/admin.py does)."""
    _entries(model, pks).exclude(action_flag=DELETION, object_repr__startswith="#").delete()


def anonymise(model, pks):
    """The history of these objects stays, but names them by id, no longer by their
    str() (an anonymised conversation's subject)."""
    _entries(model, pks).update(object_repr=Concat(Value("#"), F("object_id")))


def _entries(model, pks):
    return LogEntry.objects.filter(content_type=ContentType.objects.get_for_model(model),
                                   object_id__in=[str(pk) for pk in pks])


def describe(entry):
    """The change message of a history entry in the current language."""
    message = entry.change_message or ""
    if message.startswith("["):
        try:
            parts = json.loads(message)
        except ValueError:
            parts = None
        if parts and all(isinstance(part, dict) and KIND in part for part in parts):
            return " ".join(_decision_text(part[KIND]) for part in parts)
        return entry.get_change_message()
    if message.startswith(OLD_ASSIGNED):
        return _decision_text({"code": "assigned", "officer": message[len(OLD_ASSIGNED):]})
    return gettext(message) if message in OLD_WORDS else message


def _decision_text(decision):
    values = dict(decision)
    code = values.pop("code", "")
    text = TEXTS.get(code)
    if text is None:
        return code
    try:
        return str(text) % values
    except (KeyError, TypeError, ValueError):
        return str(text)
