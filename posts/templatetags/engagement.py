"""What the like button, the follow button and the comment thread need on a page, in a
fixed number of queries (none for anonymous visitors except the thread itself)."""

from django import template
from django.core.paginator import Paginator

from officers.follows import is_following
from portal.accounts import can_write as user_can_write
from posts.models import Comment, CommentReport, Like

register = template.Library()

COMMENTS_PER_PAGE = 50


@register.simple_tag(takes_context=True)
def like_state(context, post):
    user = context["request"].user
    return user.is_authenticated and Like.objects.filter(user=user, post=post).exists()


@register.simple_tag(takes_context=True)
def follow_state(context, officer):
    return is_following(context["request"].user, officer)


@register.simple_tag(takes_context=True)
def comment_thread(context, post):
    """The comments under a post as the viewer sees them, paginated (?comments=N)."""
    request = context["request"]
    user = request.user
    comments = Comment.objects.for_post(post, viewer=user)
    page = Paginator(comments, COMMENTS_PER_PAGE).get_page(request.GET.get("comments"))
    return {
        "page": page,
        "comments": list(page.object_list),
        "can_write": user_can_write(user),
    }


@register.filter
def can_write(user):
    return user_can_write(user)


@register.simple_tag
def report_reasons():
    return CommentReport.Reason.choices
