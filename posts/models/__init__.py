"""The posts app's models, one module per concern."""

from posts.models.comments import BlockedWord, Comment, CommentReport
from posts.models.corrections import Correction
from posts.models.fediverse import FediverseReaction
from posts.models.likes import Like
from posts.models.post import MediaItem, Post, PostQuerySet
from posts.models.problems import ProblemReport
from posts.models.redaction import MediaRedaction, RedactionSuggestion
from posts.models.review import ChecklistItem, PostEvent
from posts.models.uploads import ResumableUpload

__all__ = [
    "BlockedWord", "ChecklistItem", "Comment", "CommentReport", "Correction",
    "FediverseReaction", "Like", "MediaItem", "MediaRedaction", "Post", "PostEvent",
    "PostQuerySet", "ProblemReport", "RedactionSuggestion", "ResumableUpload",
]
