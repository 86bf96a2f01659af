"""The press office's comment moderation: a queue of held and reported comments, oldest
first; actions that call the comment's transitions (hide, restore, delete), on the list
and as buttons on a comment's own page; muting an author; closing comments on a post;
the blocked words."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.text import Truncator
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from portal import pagecache
from portal.admin_filters import ReviewQueueFilter
from portal.admin_history import log_decision
from posts.models import BlockedWord, Comment, CommentReport, Post
from posts.models.comments import comments_toggled


class ModerationFilter(ReviewQueueFilter):
    """The queue (held and reported comments) unless another state is asked for."""

    title = _("moderation")
    parameter_name = "queue"
    states = Comment.State

    def waiting(self, queryset):
        return queryset.filter(needs_review=True)


class ReportInline(admin.TabularInline):
    model = CommentReport
    fields = ["reason", "note", "created_at", "resolved_at"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    verbose_name_plural = _("reports by citizens")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


def _report(modeladmin, request, message, done, total):
    modeladmin.message_user(
        request, message % {"count": done},
        messages.SUCCESS if done == total else messages.WARNING,
    )


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    list_display = ["excerpt", "author_name", "post_link", "state", "held_reason",
                    "report_count", "created_at"]
    list_filter = [ModerationFilter, "held_reason", "author_role"]
    list_select_related = ["author", "post__officer"]
    search_fields = ["body", "remote_author_handle"]
    ordering = ["created_at", "pk"]
    inlines = [ReportInline]
    actions = ["hide", "restore", "delete_text", "mute_authors", "close_post_comments"]
    fields = ["post_link", "author_name", "author_role", "badge", "parent", "body", "state",
              "held_reason", "held_detail", "report_count", "needs_review", "moderated_by",
              "moderated_at", "moderation_note", "no_reply_needed_at", "created_at",
              "original", "remote_author_uri", "edited_at"]
    readonly_fields = fields

    @admin.display(description=_("comment"))
    def excerpt(self, obj):
        return Truncator(obj.body).chars(80) or gettext("(deleted)")

    @admin.display(description=_("author"), ordering="author__display_name")
    def author_name(self, obj):
        if obj.is_remote:  # someone on another server: blocked in the Fediverse admin
            return f"{obj.remote_author_handle} ({gettext('Fediverse')})"
        muted = gettext(" (muted)") if obj.author.is_muted else ""
        return f"{obj.author.public_name}{muted}"

    @admin.display(description=_("original"))
    def original(self, obj):
        if not obj.remote_url:
            return "-"
        return format_html('<a href="{}" rel="nofollow noopener">{}</a>', obj.remote_url,
                           obj.remote_url)

    @admin.display(description=_("post"))
    def post_link(self, obj):
        return format_html('<a href="{}">@{}/{}</a>', obj.post.get_absolute_url(),
                           obj.post.officer.handle, obj.post_id)

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False  # deleting is a transition (the text goes, the decision stays)

    def has_mute_permission(self, request):
        return request.user.has_perm("portal.mute_user")

    def has_close_permission(self, request):
        return request.user.has_perm("posts.change_post")

    @admin.action(description=_("Hide the selected comments"), permissions=["change"])
    def hide(self, request, queryset):
        done = sum(c.hide(request.user, gettext("Hidden in the moderation queue"))
                   for c in queryset)
        _report(self, request, ngettext("%(count)d comment hidden.",
                                        "%(count)d comments hidden.", done), done, len(queryset))

    @admin.action(description=_("Show the selected comments (restore)"), permissions=["change"])
    def restore(self, request, queryset):
        done = sum(c.restore(request.user, gettext("Restored in the moderation queue"))
                   for c in queryset)
        _report(self, request, ngettext("%(count)d comment shown.",
                                        "%(count)d comments shown.", done), done, len(queryset))

    @admin.action(description=_("Delete the text of the selected comments"),
                  permissions=["change"])
    def delete_text(self, request, queryset):
        done = sum(c.delete_by(request.user, gettext("Deleted in the moderation queue"))
                   for c in queryset)
        _report(self, request, ngettext("%(count)d comment deleted.",
                                        "%(count)d comments deleted.", done), done, len(queryset))

    @admin.action(description=_("Mute the authors (they can no longer write)"),
                  permissions=["mute"])
    def mute_authors(self, request, queryset):
        authors = {c.author for c in queryset.select_related("author") if c.author_id}
        for author in authors:
            self.mute_author(request, author)
        self.message_user(request, ngettext("%(count)d author muted.",
                                           "%(count)d authors muted.", len(authors))
                          % {"count": len(authors)}, messages.SUCCESS)

    @admin.action(description=_("Close comments on their posts"), permissions=["close"])
    def close_post_comments(self, request, queryset):
        close_comments(self, request, Post.objects.filter(comments__in=queryset).distinct())

    def mute_author(self, request, author, note=""):
        """Mutes `author` (the action and the button) and records it in their history."""
        author.mute(note or gettext("Muted by %(who)s in the comment moderation") % {
            "who": request.user.get_short_name()})
        log_decision(self, request, author, "muted")

    # --- the buttons on a comment's own page ------------------------------------------

    def get_urls(self):
        return [
            path("<path:object_id>/moderate/<str:decision>/",
                 self.admin_site.admin_view(self.moderate_view),
                 name="posts_comment_moderate"),
            *super().get_urls(),
        ]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        comment = self.get_object(request, object_id)
        extra_context = {**(extra_context or {}), "moderation": comment and {
            "may_hide": comment.state in (Comment.State.VISIBLE, Comment.State.HELD),
            "may_restore": comment.state in (Comment.State.HELD, Comment.State.HIDDEN),
            "may_delete": comment.state != Comment.State.DELETED,
            "may_mute": self.has_mute_permission(request) and comment.author_id is not None
            and not comment.author.is_muted,
        }}
        return super().change_view(request, object_id, form_url, extra_context)

    def moderate_view(self, request, object_id, decision):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        comment = self.get_object(request, object_id)
        if comment is None or decision not in MODERATION:
            raise Http404
        allowed = (self.has_mute_permission(request) if decision == "mute"
                   else self.has_change_permission(request, comment))
        if not allowed:
            raise PermissionDenied
        note = request.POST.get("note", "").strip()[:300]
        done, message = MODERATION[decision](self, request, comment, note)
        self.message_user(request, message if done else gettext(
            "Nothing changed: the comment had been moderated meanwhile."),
            messages.SUCCESS if done else messages.WARNING)
        return redirect(reverse("admin:posts_comment_changelist"))


def _mute_author(modeladmin, request, comment, note):
    author = comment.author
    if author is None or author.is_muted:
        return False, ""
    modeladmin.mute_author(request, author, note)
    return True, gettext("%(name)s is muted.") % {"name": author.public_name}


# decision -> (admin, request, comment, note) -> (changed?, message)
MODERATION = {
    "hide": lambda admin, request, c, note: (c.hide(request.user, note),
                                             gettext("The comment is hidden.")),
    "restore": lambda admin, request, c, note: (c.restore(request.user, note),
                                                gettext("The comment is shown.")),
    "delete": lambda admin, request, c, note: (c.delete_by(request.user, note),
                                               gettext("The text of the comment is deleted.")),
    "mute": _mute_author,
}


def _set_comments_closed(posts, closed):
    """Closes or opens comments on `posts`; returns how many posts changed."""
    rows = Post.objects.filter(pk__in=[p.pk for p in posts], comments_closed=not closed)
    pks = list(rows.values_list("pk", flat=True))
    changed = Post.objects.filter(pk__in=pks).update(comments_closed=closed)
    for post in posts:
        pagecache.post_changed(post.pk)  # update() sends no signal
    comments_toggled.send(Post, posts=list(Post.objects.filter(pk__in=pks)))
    return changed


def close_comments(modeladmin, request, posts):
    """Closes comments on `posts` (usable as an action of the post admin too)."""
    closed = _set_comments_closed(posts, True)
    modeladmin.message_user(request, ngettext(
        "Comments closed on %(count)d post.", "Comments closed on %(count)d posts.", closed
    ) % {"count": closed}, messages.SUCCESS)


def open_comments(modeladmin, request, posts):
    opened = _set_comments_closed(posts, False)
    modeladmin.message_user(request, ngettext(
        "Comments opened on %(count)d post.", "Comments opened on %(count)d posts.", opened
    ) % {"count": opened}, messages.SUCCESS)


close_comments.short_description = _("Close comments")
open_comments.short_description = _("Open comments")
close_comments.allowed_permissions = ["change"]
open_comments.allowed_permissions = ["change"]


@admin.register(BlockedWord)
class BlockedWordAdmin(admin.ModelAdmin):
    list_display = ["word", "created_at"]
    search_fields = ["word"]
    fields = ["word"]
