"""What the like button, the follow button and the comment thread need on a page, in a
fixed number of queries (none for anonymous visitors except the thread itself)."""

import hashlib

from django import template
from django.core.paginator import Paginator
from django.utils.functional import cached_property
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from officers.follows import is_following
from portal import pagecache
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


class Thread:
    """The comments under a post as one viewer sees them; every part is loaded only when
    used, so a comment list from the cache costs no query."""

    def __init__(self, request, post):
        self.request, self.post, self.user = request, post, request.user
        number = request.GET.get("comments", "")
        self.number = int(number) if number.isdigit() else 1
        # Loaded with what the post page shows only to this reader (posts/views/post.py).
        if getattr(post, "commented", None) is not None:
            self.is_personal = post.commented
        if getattr(post, "reader_can_write", None) is not None:
            self.can_write = post.reader_can_write

    @cached_property
    def can_write(self):
        return user_can_write(self.user)

    @cached_property
    def page(self):
        comments = Comment.objects.for_post(self.post, viewer=self.user)
        return Paginator(comments, COMMENTS_PER_PAGE).get_page(self.number)

    @cached_property
    def comments(self):
        return list(self.page.object_list)

    @cached_property
    def is_personal(self):
        """The viewer wrote comments here: they see them (held or hidden ones too) with
        their own buttons, so their list is not the one everybody gets."""
        return self.user.is_authenticated and Comment.objects.filter(
            post=self.post).written_by(self.user).exists()

    @property
    def variant(self):
        if not self.user.is_authenticated:
            return "anonymous"
        return "writer" if self.can_write else "reader"


@register.simple_tag(takes_context=True)
def comment_thread(context, post):
    """The comments under a post as the viewer sees them, paginated (?comments=N)."""
    return Thread(context["request"], post)


@register.simple_tag(takes_context=True)
def comment_list(context, thread):
    """The comment list with its page links (posts/includes/comment_list.html).

    Everyone who has not commented on the post gets the same list, so it is kept in the
    cache (per page, language and kind of reader: anonymous, may write, may not) until
    a comment of the post changes (the "comments:<id>" scope of portal/pagecache.py) or
    the site does (an officer's name or handle). It is made of comments that are kept
    in the cache one by one (comment_items()), so a new comment renders only itself; a
    reader who commented gets a list of their own from the same pieces, but for theirs.
    Whatever is stored is rendered with a placeholder for the CSRF token, which becomes
    the page's: the viewer's own, or the placeholder again in a page that is stored for
    signed-in readers."""
    template = context.template.engine.get_template("posts/includes/comment_list.html")

    def render():
        items = comment_items(context, thread)
        with context.push(thread=thread, items=items, csrf_token=pagecache.CSRF_PLACEHOLDER):
            return template.render(context)

    post = thread.post
    if thread.is_personal:
        html = render()
    else:
        name = (f"comments:{post.pk}:{int(post.comments_closed)}:{thread.variant}:"
                f"{thread.number}:{get_language()}")
        html = pagecache.fragments(
            [name], ["site", f"comments:{post.pk}"], lambda names: {name: render()},
        )[name]
    if pagecache.CSRF_PLACEHOLDER in html:  # only then: reading the token sets its cookie
        html = html.replace(pagecache.CSRF_PLACEHOLDER, str(context.get("csrf_token")))
    return mark_safe(html)  # noqa: S308 (rendered templates)


def shown_as(comment):
    """Everything posts/includes/comment.html shows of a comment (to anyone but its
    author), as a key: a stored comment is good while this stays the same."""
    author = "" if comment.author_id is None else str(comment.author.public_name)
    return (comment.pk, comment.state, comment.body, comment.created_at.isoformat(),
            comment.author_role, comment.badge, author, comment.remote_author_handle,
            comment.remote_author_name, comment.remote_author_url, comment.remote_url)


def comment_items(context, thread):
    """[(comment, html)]: each comment of the page with its replies, rendered, from the
    cache; None for those that the viewer or a reply of theirs is in (rendered in the
    list, with their own buttons). A stored comment is named by what it shows and by
    the kind of reader, so it is good until that changes, whatever else does."""
    user, post = thread.user, thread.post
    template = context.template.engine.get_template("posts/includes/comment.html")
    names = {}
    for comment in thread.comments:
        thread_of = [comment, *comment.shown_replies]
        if user.pk is not None and any(c.author_id == user.pk for c in thread_of):
            continue
        shown = repr([shown_as(c) for c in thread_of]).encode()
        digest = hashlib.md5(shown, usedforsecurity=False).hexdigest()
        names[f"comment:{int(post.comments_closed)}:{thread.variant}:{get_language()}:"
              f"{digest}"] = comment

    def render(missing):
        rendered = {}
        for name in missing:
            with context.push(comment=names[name], can_write=thread.can_write, reply=False):
                rendered[name] = template.render(context)
        return rendered

    found = pagecache.fragments(list(names), ["site"], render)
    html = {names[name].pk: value for name, value in found.items()}
    return [(comment, html.get(comment.pk)) for comment in thread.comments]


@register.filter
def can_write(user):
    return user_can_write(user)


@register.simple_tag
def report_reasons():
    return CommentReport.Reason.choices
