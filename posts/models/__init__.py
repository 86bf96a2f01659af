"""The posts app's models, one module per concern."""

from posts.models.post import MediaItem, Post, PostQuerySet, private_storage

__all__ = ["MediaItem", "Post", "PostQuerySet", "private_storage"]

from posts.models.review import ChecklistItem, PostEvent  # noqa: E402

__all__ += ["ChecklistItem", "PostEvent"]

from posts.models.engagement import BlockedWord, Comment, CommentReport, Like  # noqa: E402

__all__ += ["BlockedWord", "Comment", "CommentReport", "Like"]

# Redaction (issue 8): detector suggestions and per-item options.
from posts.models.redaction import MediaRedaction, RedactionSuggestion  # noqa: E402

__all__ += ["MediaRedaction", "RedactionSuggestion"]
