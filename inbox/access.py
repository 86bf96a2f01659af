"""Who may do what in the inbox; every view gets its conversation through here."""

from django.http import Http404
from django.shortcuts import get_object_or_404

from inbox.models import AccessLog, Conversation
from officers.models import Officer
from portal.accounts import can_write as accounts_can_write


def can_write(user):
    """A citizen may ask: signed in, verified e-mail address, not muted. The accounts
    app decides for every kind of citizen write; this is the inbox's one place to ask."""
    return accounts_can_write(user)


def officer_or_404(request):
    """The channel the signed-in user runs now (a closed or handed-over channel is no
    longer theirs); anybody else learns nothing about the studio inbox."""
    officer = Officer.objects.run_by(request.user)
    if officer is None:
        raise Http404
    return officer


def get_conversation_for_user(request, public_id, *, as_officer=False):
    """The conversation with `public_id` as the signed-in user may see it: as its
    citizen, or with `as_officer` as an officer it is addressed or assigned to
    (recorded when it is assigned to somebody else). Anyone else gets a 404, the same
    as for an id that does not exist. The press office reads conversations in the
    admin, which records its access (inbox/admin.py)."""
    if as_officer:
        queryset = Conversation.objects.for_officer(officer_or_404(request))
    else:
        queryset = Conversation.objects.for_citizen(request.user)
    conversation = get_object_or_404(
        queryset.select_related("officer", "assigned_to", "citizen"), public_id=public_id)
    if as_officer:
        AccessLog.record_if_not_assigned(request.user, conversation, AccessLog.Why.STUDIO)
    return conversation
