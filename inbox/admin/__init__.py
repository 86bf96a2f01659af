"""The press office's inbox admin, one module per concern: conversations (oversight,
assignment, response times), the access log and public Q&As, and what officers use
(canned replies, trigger words, duty hours)."""

from inbox.admin.conversation import ConversationAdmin
from inbox.admin.oversight import AccessLogAdmin, PublicQAAdmin
from inbox.admin.support import CannedReplyAdmin, DutyHoursAdmin, TriggerWordAdmin

__all__ = [
    "AccessLogAdmin", "CannedReplyAdmin", "ConversationAdmin", "DutyHoursAdmin",
    "PublicQAAdmin", "TriggerWordAdmin",
]
