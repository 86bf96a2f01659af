"""The press office's side of the accessibility app: pages in Leichte Sprache, videos
in German Sign Language, and the queue of feedback with its answer deadline."""

from accessibility.admin.easy_language import EasyLanguagePageAdmin
from accessibility.admin.feedback import FeedbackAdmin
from accessibility.admin.sign_language import SignLanguageVideoAdmin

__all__ = ["EasyLanguagePageAdmin", "FeedbackAdmin", "SignLanguageVideoAdmin"]
