"""The press office's review queue and decision page for posts.

The queue shows what waits for review, oldest first. The change page shows the media
large enough to judge, lets a reviewer correct caption and alt texts (recorded with old
and new values) and offers one button per decision; every decision calls the workflow,
which checks state and actor and writes the history shown below it.
"""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.text import Truncator
from django.utils.timesince import timesince
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from portal.admin_filters import WAITING, ReviewQueueFilter
from posts import alt_text, workflow
from posts.admin.corrections import correct_view
from posts.admin.forms import ApproveForm, MediaReviewForm, NoteForm, PostReviewForm
from posts.models import MediaItem, Post
from posts.models.comments import comments_toggled

State = Post.State


class ReviewStateFilter(ReviewQueueFilter):
    """By state, showing the posts waiting for review unless asked otherwise."""

    title = _("state")
    parameter_name = "review"
    states = State

    def state_lookups(self):
        # "Waiting for review" stands for the submitted posts.
        return [(value, label) for value, label in State.choices if value != State.SUBMITTED]

    def waiting(self, queryset):
        return queryset.filter(state=State.SUBMITTED)


class ExpiryFilter(admin.SimpleListFilter):
    """Posts with an end date: those still to end, and those taken off at it."""

    title = _("end date")
    parameter_name = "ends"

    def lookups(self, request, model_admin):
        return [("upcoming", _("ends later")), ("expired", _("ended"))]

    def queryset(self, request, queryset):
        if self.value() == "upcoming":
            return queryset.expiring()
        if self.value() == "expired":
            return queryset.expired()
        return queryset


def media_preview(media):
    """A rendition large enough to judge faces, plates and screens; never the original.
    Unpublished media come through links signed for the reviewer (posts.media_links)."""
    if media.is_offline:
        return format_html("<p><strong>{}</strong></p>{}", gettext(
            "Taken offline: not shown on the public pages."), _media_preview(media))
    return _media_preview(media)


def _media_preview(media):
    if media.kind == MediaItem.Kind.PHOTO:
        shown, full = media.jpeg(960), media.large
        if not shown:
            return gettext("Not processed yet")
        return format_html(
            '<a href="{}" target="_blank" rel="noopener"><img class="review-media" src="{}" '
            'width="{}" height="{}" alt="{}"></a>',
            full["url"], shown["url"], shown["width"], shown["height"], media.alt_text,
        )
    if not media.video:
        return gettext("Not processed yet")
    track = ""
    if media.subtitles:
        track = format_html(
            '<track kind="subtitles" src="{}" srclang="{}" label="{}" default>',
            media.subtitles_url, media.subtitles_language, gettext("Subtitles"),
        )
    return format_html(
        '<video class="review-media" controls preload="none" poster="{}" width="{}" '
        'height="{}"><source src="{}" type="video/mp4">{}</video>',
        media.poster_url, media.width or "", media.height or "", media.video_url, track,
    )


class MediaReviewInline(admin.StackedInline):
    model = MediaItem
    form = MediaReviewForm
    fields = ["preview", "alt_text", "subtitles_link", "status", "failure_reason"]
    extra = 0
    max_num = 0
    can_delete = False
    show_change_link = False
    verbose_name = _("photo or video")
    verbose_name_plural = _("photos and videos")

    def get_readonly_fields(self, request, obj=None):
        readonly = ["preview", "subtitles_link", "status", "failure_reason"]
        if not _may_edit_text(request, obj):
            readonly.append("alt_text")
        return readonly

    def has_add_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("preview"))
    def preview(self, media):
        return media_preview(media)

    @admin.display(description=_("subtitles (WebVTT)"))
    def subtitles_link(self, media):
        if media.kind != MediaItem.Kind.VIDEO:
            return "–"
        if not media.subtitles:
            return gettext("No subtitles")
        return format_html(
            '<a href="{}" target="_blank" rel="noopener">{} ({})</a>',
            media.subtitles_url, gettext("Open the subtitle file"),
            media.get_subtitles_language_display(),
        )


def _may_edit(request, post):
    """Reviewers edit caption and alt texts while the post is under review or scheduled;
    a published post is corrected in the open (posts/admin/corrections.py)."""
    return (
        post is not None
        and workflow.is_reviewer(request.user)
        and post.state in workflow.REVIEWER_EDITABLE
    )


def _may_edit_text(request, post):
    return _may_edit(request, post) and post.state != State.PUBLISHED


@admin.register(Post)
class PostAdmin(admin.ModelAdmin):
    list_display = [
        "thumbnails", "caption_excerpt", "officer", "station", "state", "waiting",
        "submitted_at", "expires_at",
    ]
    list_display_links = ["caption_excerpt"]
    list_filter = [ReviewStateFilter, ExpiryFilter, "officer", "officer__station"]
    search_fields = ["caption"]
    list_select_related = ["officer", "officer__station"]
    list_per_page = 50
    inlines = [MediaReviewInline]
    fieldsets = [
        (None, {"fields": ["officer", "state", "caption", "place_name", "expires_at"]}),
        (_("Review"), {"fields": ["review_note", "scheduled_for", "submitted_at",
                                  "published_at"]}),
        (_("Comments"), {"fields": ["comments_closed", "comment_count", "like_count"]}),
    ]
    change_form_template = "admin/posts/post/change_form.html"
    form = PostReviewForm

    class Media:
        css = {"all": ["css/review-admin.css"]}

    # --- the queue ------------------------------------------------------------------

    def get_queryset(self, request):
        # An officer's draft is theirs until they submit it: the press office sees
        # only its own drafts (a superuser sees everything).
        posts = super().get_queryset(request).prefetch_related("media")
        if request.user.is_superuser:
            return posts
        return posts.exclude(Q(state=Post.State.DRAFT) & ~Q(author=request.user))

    def get_ordering(self, request):
        if request.GET.get(ReviewStateFilter.parameter_name, WAITING) == WAITING:
            return ["submitted_at", "pk"]  # who waits longest comes first
        return ["-created_at", "-pk"]

    @admin.display(description=_("media"))
    def thumbnails(self, post):
        return format_html_join(
            "", '<img class="review-thumb" src="{}" alt="{}" width="64" height="64">',
            ((m.preview_url, m.alt_text) for m in post.media.all()[:4] if m.preview_url),
        )

    @admin.display(description=_("caption"))
    def caption_excerpt(self, post):
        return post.caption[:100] or gettext("(no caption)")

    @admin.display(description=_("station"), ordering="officer__station__name")
    def station(self, post):
        return post.officer.station

    @admin.display(description=_("waiting for"), ordering="submitted_at")
    def waiting(self, post):
        if post.state != State.SUBMITTED or not post.submitted_at:
            return "–"
        return timesince(post.submitted_at)

    # --- the change page ------------------------------------------------------------

    def view_on_site(self, post):
        return post.get_absolute_url() if post.is_public else None  # drafts have no page

    def has_add_permission(self, request):
        return False  # posts are written in the studio

    def has_delete_permission(self, request, obj=None):
        return False  # a public post is unpublished, not deleted: its record stays

    def get_readonly_fields(self, request, obj=None):
        readonly = [
            "officer", "state", "review_note", "scheduled_for", "submitted_at",
            "published_at", "comment_count", "like_count",
        ]
        if not _may_edit(request, obj):
            readonly += ["caption", "place_name", "expires_at"]
        elif not _may_edit_text(request, obj):
            readonly += ["caption"]  # corrected in the open, with a public reason
        return readonly

    def save_model(self, request, obj, form, change):
        # Caption and place go through the workflow in save_related, together with the
        # alt texts, so that one recorded edit keeps every old and new value.
        if "comments_closed" in form.changed_data:
            obj.save(update_fields=["comments_closed", "updated_at"])
            comments_toggled.send(Post, posts=[obj])

    def save_related(self, request, form, formsets, change):
        form.save_m2m()
        alt_texts = {}
        for formset in formsets:
            if formset.model is MediaItem:
                # commit=False saves nothing; it lists the changes (also for the admin log).
                formset.save(commit=False)
                for item, changed in formset.changed_objects:
                    if "alt_text" in changed:
                        alt_texts[item.pk] = item.alt_text
            else:
                self.save_formset(request, form, formset, change)
        edits = {
            name: form.cleaned_data[name]
            for name in ("caption", "place_name", "expires_at")
            if name in form.changed_data
        }
        if edits or alt_texts:
            try:
                workflow.reviewer_edit(form.instance, request.user, alt_texts=alt_texts, **edits)
            except (PermissionDenied, workflow.TransitionNotAllowed, ValidationError) as exc:
                self.message_user(request, _message(exc), messages.ERROR)

    def render_change_form(self, request, context, add=False, change=False, form_url="",
                           obj=None):
        if obj is not None:
            context.update(self.review_context(request, obj))
        return super().render_change_form(request, context, add, change, form_url, obj)

    def review_context(self, request, post):
        reviewer = workflow.is_reviewer(request.user)
        decidable = reviewer and post.state in workflow.DECIDABLE
        return {
            "review_events": post.events.select_related("actor"),
            "may_decide": decidable,
            "may_unpublish": reviewer and post.state in workflow.UNPUBLISHABLE,
            "approve_form": ApproveForm(prefix="approve") if decidable else None,
            "note_form": NoteForm(),
            "media_problem": workflow.media_problem(post) if decidable else None,
            "alt_text_warnings": alt_text.post_warnings(post),
            "may_correct": reviewer and post.state == State.PUBLISHED,
            "proposed_corrections": post.corrections.proposed().count(),
            # One photo or video off the public pages (and back): see media_switch_view.
            "switchable_media": list(post.media.all()) if reviewer and (
                post.state == State.PUBLISHED
                or post.media.filter(offline_since__isnull=False).exists()) else [],
        }

    # --- the decisions --------------------------------------------------------------

    def get_urls(self):
        return [
            path(
                "<path:object_id>/decide/<str:decision>/",
                self.admin_site.admin_view(self.decide_view),
                name="posts_post_decide",
            ),
            path(
                "<path:object_id>/media/<int:media_id>/<str:switch>/",
                self.admin_site.admin_view(self.media_switch_view),
                name="posts_post_media_switch",
            ),
            path(
                "<path:object_id>/correct/",
                self.admin_site.admin_view(lambda request, object_id: correct_view(
                    self, request, object_id)),
                name="posts_post_correct",
            ),
            *super().get_urls(),
        ]

    def decide_view(self, request, object_id, decision):
        return require_POST(self._decide)(request, object_id, decision)

    def _decide(self, request, object_id, decision):
        post = self.get_object(request, object_id)
        if post is None:
            raise Http404
        if decision not in DECISIONS:
            raise Http404
        if not workflow.is_reviewer(request.user):
            raise PermissionDenied
        change_url = reverse("admin:posts_post_change", args=[post.pk])
        form_class, run, success = DECISIONS[decision]
        form = form_class(request.POST, prefix="approve" if form_class is ApproveForm else None)
        if not form.is_valid():
            errors = [e for field_errors in form.errors.values() for e in field_errors]
            self.message_user(request, " ".join(errors), messages.ERROR)
            return redirect(change_url)
        try:
            run(post, request.user, form.cleaned_data)
        except (PermissionDenied, workflow.TransitionNotAllowed, ValidationError) as exc:
            self.message_user(request, _message(exc), messages.ERROR)
            return redirect(change_url)
        self.message_user(request, success(post), messages.SUCCESS)
        return redirect(reverse("admin:posts_post_changelist"))


    def media_switch_view(self, request, object_id, media_id, switch):
        return require_POST(self._switch_media)(request, object_id, media_id, switch)

    def _switch_media(self, request, object_id, media_id, switch):
        """Takes one photo or video of the post offline, or puts it back online
        (MediaItem.take_offline): the press office's one click, with an optional note
        for the history."""
        post = self.get_object(request, object_id)
        if post is None or switch not in ("offline", "online"):
            raise Http404
        item = post.media.filter(pk=media_id).first()
        if item is None:
            raise Http404
        if not workflow.is_reviewer(request.user):
            raise PermissionDenied
        note = request.POST.get("note", "")[:2000]
        try:
            if switch == "offline":
                done = item.take_offline(request.user, note)
                text = gettext("The photo or video is offline; the post shows “Photo "
                               "temporarily removed” in its place.")
            else:
                done = item.put_back_online(request.user, note)
                text = gettext("The photo or video is online again.")
        except (PermissionDenied, ValidationError) as exc:
            self.message_user(request, _message(exc), messages.ERROR)
        else:
            self.message_user(request, text if done else gettext("Nothing was changed."),
                              messages.SUCCESS if done else messages.INFO)
        return redirect(reverse("admin:posts_post_change", args=[post.pk]))


def _message(exc):
    if isinstance(exc, ValidationError):
        return " ".join(exc.messages)
    return str(exc) or gettext("You may not do that.")


def _label(post):
    """How messages name a post: its caption's beginning, else its officer and number."""
    return Truncator(post.caption).chars(60) or str(post)


def _approved(post):
    if post.state == State.PUBLISHED:
        return gettext("“%(post)s” is approved and published.") % {"post": _label(post)}
    return gettext("“%(post)s” is approved and scheduled.") % {"post": _label(post)}


# decision -> (form, workflow call, success message)
DECISIONS = {
    "approve": (
        ApproveForm,
        lambda post, user, data: workflow.approve(
            post, user, checklist=data["checklist"], publish_at=data["publish_at"],
            note=data["note"],
        ),
        _approved,
    ),
    "request_changes": (
        NoteForm,
        lambda post, user, data: workflow.request_changes(post, user, data["note"]),
        lambda post: gettext("Changes to “%(post)s” requested from the officer.")
        % {"post": _label(post)},
    ),
    "reject": (
        NoteForm,
        lambda post, user, data: workflow.reject(post, user, data["note"]),
        lambda post: gettext("“%(post)s” is rejected.") % {"post": _label(post)},
    ),
    "unpublish": (
        NoteForm,
        lambda post, user, data: workflow.unpublish(post, user, data["note"]),
        lambda post: gettext("“%(post)s” is withdrawn from public.") % {"post": _label(post)},
    ),
}
