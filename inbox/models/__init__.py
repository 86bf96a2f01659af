"""The inbox app's models, one module per concern."""

from inbox.models.conversation import (
    BODY_MAX,
    Conversation,
    ConversationQuerySet,
    Message,
)
from inbox.models.oversight import AccessLog, PublicQA
from inbox.models.support import CannedReply, DutyHours, DutySchedule, TriggerWord, find_triggers

__all__ = [
    "BODY_MAX", "AccessLog", "CannedReply", "Conversation", "ConversationQuerySet",
    "DutyHours", "DutySchedule", "Message", "PublicQA", "TriggerWord", "find_triggers",
]
