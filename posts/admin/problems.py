"""The press office's queue of readers' problem reports ("Problem melden"): open and
claimed reports, oldest first; a report's own page claims, releases and resolves it with
a note (sent to the reader with an address), and for a recognisable person takes the
photo offline in one click and links to the redaction editor."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.text import Truncator
from django.utils.timesince import timesince
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from portal.admin_filters import ReviewQueueFilter
from posts.models import ProblemReport
from posts.models.problems import RESOLUTION_NOTE_MAX


class ProblemStateFilter(ReviewQueueFilter):
    """Open and claimed reports unless another state is asked for."""

    title = _("state")
    parameter_name = "queue"
    states = ProblemReport.State

    def waiting(self, queryset):
        return queryset.filter(state__in=ProblemReport.WAITING)


class ResolveForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=ProblemReport.Outcome.choices,
                                widget=forms.RadioSelect)
    note = forms.CharField(
        label=_("Note"), max_length=RESOLUTION_NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": RESOLUTION_NOTE_MAX}),
        help_text=_("What was done. Sent to the reader if they left an e-mail address: "
                    "write it to them, formally (“Sie”)."),
    )


@admin.register(ProblemReport)
class ProblemReportAdmin(admin.ModelAdmin):
    list_display = ["created_at", "reason", "that_is_me", "post_link", "photo", "state",
                    "claimed_by", "has_email", "waiting_for"]
    list_display_links = ["created_at", "reason"]
    list_filter = [ProblemStateFilter, "reason", "that_is_me"]
    list_select_related = ["post__officer", "claimed_by", "media"]
    search_fields = ["text", "post__caption"]
    ordering = ["created_at", "pk"]
    list_per_page = 50
    fields = ["post_link", "photo", "reason", "that_is_me", "text", "email", "reporter",
              "created_at", "state", "claimed_by", "claimed_at", "resolved_by", "resolved_at",
              "outcome", "resolution_note", "outcome_sent_at", "anonymised_at"]
    readonly_fields = fields
    change_form_template = "admin/posts/problemreport/change_form.html"

    class Media:
        css = {"all": ["css/review-admin.css"]}

    def has_add_permission(self, request):
        return False  # readers report on the post page

    def has_delete_permission(self, request, obj=None):
        return False  # the record stays; the retention job removes what is personal

    @admin.display(description=_("post"))
    def post_link(self, report):
        # One link: text beside a link would need more than colour to tell them apart.
        return format_html(
            '<a href="{}">@{}/{}: {}</a>',
            reverse("admin:posts_post_change", args=[report.post_id]), report.post.officer.handle,
            report.post_id, Truncator(report.post.caption).chars(50))

    @admin.display(description=_("photo"))
    def photo(self, report):
        item = report.media
        if item is None:
            return gettext("the whole post")
        if item.is_offline:
            return gettext("offline")
        if item.preview_url:
            return format_html('<img class="review-thumb" src="{}" alt="{}" width="64" '
                               'height="64">', item.preview_url, item.alt_text)
        return str(item)

    @admin.display(description=_("e-mail"), boolean=True)
    def has_email(self, report):
        return bool(report.email)

    @admin.display(description=_("waiting for"), ordering="created_at")
    def waiting_for(self, report):
        return timesince(report.created_at) if report.is_waiting else "–"

    # --- the report's own page ----------------------------------------------------------

    def change_view(self, request, object_id, form_url="", extra_context=None):
        report = self.get_object(request, object_id)
        context = dict(extra_context or {})
        if report is not None:
            may_act = self.has_change_permission(request, report)
            mine = report.claimed_by_id == request.user.pk
            photos = report.photos_concerned() if report.is_recognisable else []
            context["problem"] = {
                "may_claim": may_act and report.state == ProblemReport.State.OPEN,
                "may_release": may_act and report.state == ProblemReport.State.CLAIMED and mine,
                "may_resolve": may_act and (report.state == ProblemReport.State.OPEN or (
                    report.state == ProblemReport.State.CLAIMED and mine)),
                "claimed_by_other": report.state == ProblemReport.State.CLAIMED and not mine,
                "resolve_form": ResolveForm(),
                "photos": [{
                    "item": item, "number": number,
                    "redact_url": reverse("posts:studio_redact", args=[report.post_id, item.pk]),
                } for number, item in photos],
                "may_take_offline": may_act and any(not item.is_offline for _n, item in photos),
                "may_put_back": may_act and any(item.is_offline for _n, item in photos),
                "post_url": report.post.get_absolute_url(),
            }
        return super().change_view(request, object_id, form_url, context)

    def get_urls(self):
        return [
            path("<path:object_id>/act/<str:decision>/", self.admin_site.admin_view(self.act_view),
                 name="posts_problemreport_act"),
            *super().get_urls(),
        ]

    def act_view(self, request, object_id, decision):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        report = self.get_object(request, object_id)
        if report is None or decision not in ACTIONS:
            raise Http404
        if not self.has_change_permission(request, report):
            raise PermissionDenied
        back = reverse("admin:posts_problemreport_change", args=[report.pk])
        try:
            level, message = ACTIONS[decision](request, report)
        except (ValidationError, PermissionDenied) as exc:
            text = " ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
            self.message_user(request, text, messages.ERROR)
            return redirect(back)
        self.message_user(request, message, level)
        if decision == "resolve" and level == messages.SUCCESS:
            return redirect(reverse("admin:posts_problemreport_changelist"))
        return redirect(back)


def _claim(request, report):
    if report.claim(request.user):
        return messages.SUCCESS, gettext("You are working on this report.")
    return messages.WARNING, gettext("Someone else took this report meanwhile.")


def _release(request, report):
    if report.release(request.user):
        return messages.SUCCESS, gettext("The report is back in the queue.")
    return messages.WARNING, gettext("Nothing changed: the report is not yours.")


def _resolve(request, report):
    form = ResolveForm(request.POST)
    if not form.is_valid():
        raise ValidationError([e for errors in form.errors.values() for e in errors])
    if not report.resolve(request.user, form.cleaned_data["outcome"], form.cleaned_data["note"]):
        return messages.WARNING, gettext("Nothing changed: the report was resolved meanwhile.")
    if report.email:
        return messages.SUCCESS, gettext("The report is resolved; the reader gets the outcome "
                                         "by e-mail.")
    return messages.SUCCESS, gettext("The report is resolved.")


def _photos(report):
    if not report.is_recognisable:
        raise ValidationError(gettext("Only a report of a recognisable person takes photos "
                                      "offline here."))
    return [item for _number, item in report.photos_concerned()]


def _note(report):
    return gettext("Problem report %(id)s: %(reason)s") % {
        "id": report.pk, "reason": report.get_reason_display()}


def _take_offline(request, report):
    # take_offline() answers whether it changed anything (truthy), whatever it returns.
    done = sum(1 for item in _photos(report) if item.take_offline(request.user, note=_note(report)))
    return messages.SUCCESS, ngettext(
        "%(count)d photo is offline: its public files are deleted. Blur it, then put it back "
        "online.",
        "%(count)d photos are offline: their public files are deleted. Blur them, then put "
        "them back online.", done) % {"count": done}


def _put_back(request, report):
    done = sum(1 for item in _photos(report)
               if item.put_back_online(request.user, note=_note(report)))
    return messages.SUCCESS, ngettext(
        "%(count)d photo goes back online once its new images are made.",
        "%(count)d photos go back online once their new images are made.", done,
    ) % {"count": done}


ACTIONS = {
    "claim": _claim,
    "release": _release,
    "resolve": _resolve,
    "take_offline": _take_offline,
    "put_back_online": _put_back,
}
