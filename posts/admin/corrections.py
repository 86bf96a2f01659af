"""Corrections of published posts in the admin: the press office corrects a post on its
own page (caption, alt texts, replace or remove a photo, with a public reason), and
decides on the corrections officers proposed (a queue: proposed ones first)."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.text import Truncator
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from portal.admin_filters import ReviewQueueFilter
from posts import corrections, workflow
from posts.correction_form import CorrectionForm
from posts.models import Correction, Post


def _message(exc):
    if isinstance(exc, ValidationError):
        return " ".join(exc.messages)
    return str(exc) or gettext("You may not do that.")


def correct_view(model_admin, request, object_id):
    """The press office corrects a published post (linked from the post's change page)."""
    post = model_admin.get_object(request, object_id)
    if post is None:
        raise Http404
    if not workflow.is_reviewer(request.user):
        raise PermissionDenied
    change_url = reverse("admin:posts_post_change", args=[post.pk])
    if post.state != Post.State.PUBLISHED:
        model_admin.message_user(request, gettext("Only a published post can be corrected."),
                                 messages.ERROR)
        return redirect(change_url)
    form = CorrectionForm(request.POST or None, request.FILES or None, post=post,
                          allow_replace=True)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                done = corrections.correct(post, request.user, **form.changes())
            except (ValidationError, PermissionDenied, workflow.TransitionNotAllowed) as exc:
                form.add_error(None, _message(exc))
            else:
                model_admin.message_user(request, ngettext(
                    "%(count)d correction applied; the post says so publicly.",
                    "%(count)d corrections applied; the post says so publicly.", len(done),
                ) % {"count": len(done)}, messages.SUCCESS)
                return redirect(change_url)
        status = 400
    context = {
        **model_admin.admin_site.each_context(request),
        "title": gettext("Correct the post"), "subtitle": Truncator(post.caption).chars(60),
        "opts": model_admin.model._meta, "original": post, "form": form,
        "change_url": change_url, "public_url": post.get_absolute_url(),
        "past": Correction.objects.filter(post=post).public(),
    }
    return TemplateResponse(request, "admin/posts/post/correct.html", context, status=status)


class CorrectionQueueFilter(ReviewQueueFilter):
    """Proposed corrections unless another state is asked for."""

    title = _("state")
    parameter_name = "queue"
    states = Correction.State

    def state_lookups(self):
        return [(v, label) for v, label in Correction.State.choices
                if v != Correction.State.PROPOSED]

    def waiting(self, queryset):
        return queryset.proposed()


@admin.register(Correction)
class CorrectionAdmin(admin.ModelAdmin):
    list_display = ["created_at", "post_link", "what", "reason", "state", "proposed_by",
                    "decided_by"]
    list_display_links = ["created_at", "what"]
    list_filter = [CorrectionQueueFilter, "field"]
    list_select_related = ["post__officer", "proposed_by", "decided_by"]
    search_fields = ["reason", "post__caption"]
    ordering = ["created_at", "pk"]
    fields = ["post_link", "what", "old_value", "new_value", "reason", "state", "proposed_by",
              "created_at", "decided_by", "decided_at", "decline_note"]
    readonly_fields = fields
    change_form_template = "admin/posts/correction/change_form.html"

    def has_add_permission(self, request):
        return False  # corrections are made on the post

    def has_delete_permission(self, request, obj=None):
        return False  # the record of a correction stays

    @admin.display(description=_("post"))
    def post_link(self, correction):
        return format_html('<a href="{}">@{}/{}</a>',
                           reverse("admin:posts_post_change", args=[correction.post_id]),
                           correction.post.officer.handle, correction.post_id)

    @admin.display(description=_("what"), ordering="field")
    def what(self, correction):
        return correction.describe()

    def change_view(self, request, object_id, form_url="", extra_context=None):
        correction = self.get_object(request, object_id)
        context = dict(extra_context or {})
        if correction is not None:
            context["may_decide"] = (correction.state == Correction.State.PROPOSED
                                     and workflow.is_reviewer(request.user))
        return super().change_view(request, object_id, form_url, context)

    def get_urls(self):
        return [
            path("<path:object_id>/decide/<str:decision>/",
                 self.admin_site.admin_view(self.decide_view), name="posts_correction_decide"),
            *super().get_urls(),
        ]

    def decide_view(self, request, object_id, decision):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        correction = self.get_object(request, object_id)
        if correction is None or decision not in ("apply", "decline"):
            raise Http404
        if not workflow.is_reviewer(request.user):
            raise PermissionDenied
        try:
            if decision == "apply":
                corrections.apply_proposed([correction], request.user)
                message = gettext("The correction is applied; the post says so publicly.")
            else:
                corrections.decline([correction], request.user, request.POST.get("note", ""))
                message = gettext("The correction is declined.")
        except (ValidationError, PermissionDenied, workflow.TransitionNotAllowed) as exc:
            self.message_user(request, _message(exc), messages.ERROR)
            return redirect(reverse("admin:posts_correction_change", args=[correction.pk]))
        self.message_user(request, message, messages.SUCCESS)
        return redirect(reverse("admin:posts_correction_changelist"))
