"""The posts admin, one module per concern: the review queue (post), the review's
records (review), and whatever the other parts of posts add (media, comments)."""

from importlib import import_module
from importlib.util import find_spec

from posts.admin.corrections import CorrectionAdmin
from posts.admin.post import PostAdmin
from posts.admin.problems import ProblemReportAdmin
from posts.admin.review import ChecklistItemAdmin, PostEventAdmin

# Modules other engineers add to this package register their own admins when present.
for _module in ("media", "comments"):
    if find_spec(f"posts.admin.{_module}"):
        import_module(f"posts.admin.{_module}")

__all__ = ["ChecklistItemAdmin", "CorrectionAdmin", "PostAdmin", "PostEventAdmin",
           "ProblemReportAdmin"]
