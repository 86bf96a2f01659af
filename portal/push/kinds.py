"""The kinds of push message, who may choose each, and the fixed text each shows."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from portal.roles import is_officer_account, is_press_office


class Kind(models.TextChoices):
    # Officers
    QUESTION = "question", _("A new question for me")
    URGENT_QUESTION = "urgent_question", _("An urgent question for me")
    COMMENTS_WAITING = "comments_waiting", _("Comments waiting for my answer (once a day)")
    REVIEW_DECISION = "review_decision", _("The press office's decision on my post")
    # Press office
    POST_SUBMITTED = "post_submitted", _("A post submitted for review")
    COMMENT_REPORTED = "comment_reported", _("A comment reported")
    ACCESSIBILITY_FEEDBACK = "accessibility_feedback", _("Feedback on accessibility")
    PROBLEM_REPORTED = "problem_reported", _("A problem reported on a post")
    # Everyone with an account
    ANSWER = "answer", _("An answer to my question")
    REPLY = "reply", _("A reply to my comment")
    NEW_POST = "new_post", _("A new post from an officer I follow")


OFFICER_KINDS = (Kind.QUESTION, Kind.URGENT_QUESTION, Kind.COMMENTS_WAITING,
                 Kind.REVIEW_DECISION)
PRESS_OFFICE_KINDS = (Kind.POST_SUBMITTED, Kind.COMMENT_REPORTED, Kind.ACCESSIBILITY_FEEDBACK,
                      Kind.PROBLEM_REPORTED)
READER_KINDS = (Kind.ANSWER, Kind.REPLY, Kind.NEW_POST)

# What the notification says. Fixed per kind, so a message on a locked screen never shows
# a citizen's words or a case; the link leads to the page behind the login.
TITLES = {
    Kind.QUESTION: _("A new question is waiting for you"),
    Kind.URGENT_QUESTION: _("An urgent question is waiting for you"),
    Kind.COMMENTS_WAITING: _("Comments are waiting for your answer"),
    Kind.REVIEW_DECISION: _("The press office has decided on your post"),
    Kind.POST_SUBMITTED: _("A post is waiting for review"),
    Kind.COMMENT_REPORTED: _("A comment has been reported"),
    Kind.ACCESSIBILITY_FEEDBACK: _("New feedback on accessibility is waiting"),
    Kind.PROBLEM_REPORTED: _("A problem with a post has been reported"),
    Kind.ANSWER: _("Your question has been answered"),
    Kind.REPLY: _("Someone replied to your comment"),
    Kind.NEW_POST: _("A new post from an officer you follow"),
}

# RFC 8030 section 5.3: the push service may hold back "normal" messages on a phone
# saving its battery; an urgent question should wake it.
URGENCY = {Kind.URGENT_QUESTION: "high"}


def groups_for(user):
    """The kinds `user` may choose, as (heading, kinds) in the order the settings page
    shows them. Officers and the press office see their own kinds first."""
    groups = []
    if is_officer_account(user):
        groups.append((_("As an officer"), OFFICER_KINDS))
    if is_press_office(user):
        groups.append((_("As the press office"), PRESS_OFFICE_KINDS))
    groups.append((_("As a reader"), READER_KINDS))
    return groups


def kinds_for(user):
    return [kind for _heading, kinds in groups_for(user) for kind in kinds]
