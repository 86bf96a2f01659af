"""What the inbox keeps about a person (see portal/privacy.py): the citizen's questions."""

from inbox.models import Conversation, PublicQA
from portal import admin_history


def export(user):
    """The citizen's conversations and messages as plain data, for the account export."""
    return {"questions": _questions(user)}


def _questions(user):
    conversations = (
        Conversation.objects.for_citizen(user).select_related("officer")
        .prefetch_related("messages").order_by("created_at")
    )
    return [
        {
            "id": str(c.public_id),
            "officer": c.officer.handle,
            "subject": c.subject,
            "state": c.state,
            "may_be_published": c.consent_public,
            "created_at": c.created_at.isoformat(),
            "closed_at": c.closed_at.isoformat() if c.closed_at else None,
            "messages": [
                {
                    "from": "you" if not m.is_from_staff else (
                        "automatic" if m.is_automatic else "officer"),
                    "text": m.body,
                    "created_at": m.created_at.isoformat(),
                }
                for m in c.messages.all()
            ],
        }
        for c in conversations
    ]


def forget(user):
    """Called before a citizen's account is deleted (portal.privacy.delete_account, and
    inbox/signals.py for any other deletion): their conversations are anonymised, not
    deleted, so the pilot figures keep their numbers (see Conversation); their public
    Q&As are deleted, because the consent to publish ends with the account."""
    public_qas = PublicQA.objects.filter(conversation__citizen=user)
    admin_history.forget(PublicQA, public_qas.values_list("pk", flat=True))
    public_qas.delete()
    return Conversation.objects.filter(citizen=user).anonymise()
