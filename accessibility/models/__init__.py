from accessibility.models.easy_language import EasyLanguagePage
from accessibility.models.feedback import Feedback
from accessibility.models.sign_language import SignLanguageVideo
from accessibility.models.topics import Topic

__all__ = ["EasyLanguagePage", "Feedback", "SignLanguageVideo", "Topic"]
