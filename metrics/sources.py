"""Every read of another app's models by the pilot figures, as small functions.

A change to follows, posts, likes, comments or conversations touches only this
module. Functions that count take the [start, end) of a day as aware datetimes and
return {officer_id: number}; officers with nothing to count are left out."""

from django.db.models import Count, QuerySet

from inbox.models import Conversation, PublicQA
from inbox.stats import percentile as inbox_percentile
from officers.models import Follow, Officer
from posts.models import Comment, FediverseReaction, Like, Post


def _by_officer(queryset, officer_field="officer"):
    rows = queryset.values(officer_field).annotate(n=Count("pk")).order_by()
    return {row[officer_field]: row["n"] for row in rows}


# --- officers and follows ---------------------------------------------------------

def officer_ids(created_before):
    """The officers whose channel existed before `created_before`."""
    return list(
        Officer.objects.filter(created_at__lt=created_before)
        .order_by("pk").values_list("pk", flat=True)
    )


def follower_counts():
    """Followers of each officer right now."""
    return _by_officer(Follow.objects.all())


def fediverse_follower_counts():
    """Followers on other servers of each officer right now (kept by federation)."""
    return dict(Officer.objects.values_list("pk", "fediverse_follower_count"))


def is_officer_deletion(origin):
    """Whether a delete started from an officer (or a queryset of officers)."""
    if isinstance(origin, QuerySet):
        return origin.model is Officer
    return isinstance(origin, Officer)


# --- posts --------------------------------------------------------------------------

def posts_published(start, end):
    return _by_officer(
        Post.objects.filter(
            state=Post.State.PUBLISHED, published_at__gte=start, published_at__lt=end
        )
    )


def likes(start, end):
    """Likes given in [start, end) to each officer's posts (a like taken back before
    the snapshot is gone and not counted)."""
    return _by_officer(
        Like.objects.filter(created_at__gte=start, created_at__lt=end), "post__officer"
    )


def fediverse_interactions(start, end):
    """Likes and boosts from other servers received in [start, end) by each officer's
    posts (their own number, not in likes; one taken back before the snapshot is gone)."""
    return _by_officer(
        FediverseReaction.objects.filter(created_at__gte=start, created_at__lt=end),
        "post__officer",
    )


def comments(start, end):
    """{officer_id: (by citizens, by officers or the press office)}: comments written in
    [start, end) on each officer's posts, whatever moderation decided later, so a day's
    figure does not change when a comment is hidden afterwards. Replies from other
    servers are neither: they are not citizens of the pilot."""
    rows = (
        Comment.objects.filter(created_at__gte=start, created_at__lt=end)
        .exclude(author_role=Comment.Role.REMOTE)
        .values("post__officer", "author_role").annotate(n=Count("pk")).order_by()
    )
    result = {}
    for row in rows:
        citizens, staff = result.get(row["post__officer"], (0, 0))
        if row["author_role"] == Comment.Role.CITIZEN:
            citizens += row["n"]
        else:
            staff += row["n"]
        result[row["post__officer"]] = (citizens, staff)
    return result


def post_officers(post_ids):
    """{post_id: officer_id} of the posts that still exist."""
    return dict(Post.objects.filter(pk__in=post_ids).values_list("pk", "officer_id"))


def existing_officer_ids(ids):
    return set(Officer.objects.filter(pk__in=ids).values_list("pk", flat=True))


def officers_for_choice():
    return Officer.objects.order_by("display_name")


# --- questions (inbox) --------------------------------------------------------------
# Conversations keep officer and times after retention anonymised them, so these
# counts do not change when old conversations are purged.

def questions_received(start, end):
    return _by_officer(Conversation.objects.filter(created_at__gte=start, created_at__lt=end))


def first_answer_seconds(start, end):
    """{officer_id: [seconds from question to first answer]} for the questions first
    answered in [start, end) (by a person: automatic replies do not count)."""
    rows = Conversation.objects.filter(
        first_answered_at__gte=start, first_answered_at__lt=end
    ).values_list("officer_id", "created_at", "first_answered_at")
    result = {}
    for officer_id, asked, answered in rows:
        result.setdefault(officer_id, []).append(max(0, round((answered - asked).total_seconds())))
    return result


def public_qas(start, end):
    """Q&As published on the channel in [start, end) and still shown."""
    return _by_officer(
        PublicQA.objects.approved().filter(published_at__gte=start, published_at__lt=end)
    )


def percentile(values, p):
    """The p-th percentile (0–100), defined as in the inbox's own figures."""
    return inbox_percentile(values, p)
