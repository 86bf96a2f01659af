from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from accessibility.models import Feedback
from accessibility.models.feedback import MESSAGE_MAX_LENGTH
from portal.admin_filters import DefaultLookupFilter
from portal.admin_history import log_decision


class StatusFilter(DefaultLookupFilter):
    """The queue opens on what waits for an answer."""

    title = _("status")
    parameter_name = "status"
    default = Feedback.Status.OPEN

    def lookups(self, request, model_admin):
        return [*Feedback.Status.choices, ("all", _("All"))]

    def queryset(self, request, queryset):
        value = self.value()
        return queryset if value == "all" else queryset.filter(status=value)


class DeadlineFilter(admin.SimpleListFilter):
    title = _("answer deadline")
    parameter_name = "deadline"

    def lookups(self, request, model_admin):
        return [("overdue", _("Overdue")), ("week", _("Due within a week"))]

    def queryset(self, request, queryset):
        if self.value() == "overdue":
            return queryset & Feedback.objects.overdue()
        if self.value() == "week":
            return queryset & Feedback.objects.due_soon(7)
        return queryset


class AnswerForm(forms.Form):
    answer = forms.CharField(label=_("Answer"), max_length=MESSAGE_MAX_LENGTH,
                             widget=forms.Textarea(attrs={"rows": 8}), required=False)


@admin.register(Feedback)
class FeedbackAdmin(admin.ModelAdmin):
    """The press office's queue of feedback on barriers: open first, by deadline;
    answered by e-mail from the change page, or marked answered when the answer went
    another way. Nothing the sender wrote is edited."""

    list_display = ["reference", "excerpt", "page", "created_at", "deadline", "status",
                    "answered_at"]
    list_display_links = ["reference", "excerpt"]
    list_filter = [StatusFilter, DeadlineFilter]
    list_select_related = ["answered_by"]
    search_fields = ["message", "page", "name", "email"]
    date_hierarchy = "created_at"
    actions = ["mark_answered_elsewhere"]
    fields = ["reference", "created_at", "deadline", "status", "page", "name", "email",
              "sender", "language", "message", "answered_at", "answered_by", "answer"]
    readonly_fields = fields
    change_form_template = "accessibility/admin/feedback_change_form.html"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        # The list's action and the answer need it; the change page itself is for
        # reading: what the sender wrote is never edited.
        return obj is None and super().has_change_permission(request)

    def may_answer(self, request):
        return super().has_change_permission(request)

    @admin.display(description=_("reference"), ordering="pk")
    def reference(self, feedback):
        return feedback.reference

    @admin.display(description=_("message"))
    def excerpt(self, feedback):
        return feedback.excerpt

    @admin.display(description=_("answer by"), ordering="due_on")
    def deadline(self, feedback):
        day = date_format(feedback.due_on, "SHORT_DATE_FORMAT")
        if feedback.status != Feedback.Status.OPEN:
            return day
        late = (timezone.localdate() - feedback.due_on).days
        if late > 0:
            return format_html(
                '<strong class="deadline-overdue">{} · {}</strong>', day,
                ngettext("overdue by %(days)d day", "overdue by %(days)d days", late)
                % {"days": late})
        left = -late
        return format_html('{} <span class="deadline-left">({})</span>', day, ngettext(
            "%(days)d day left", "%(days)d days left", left) % {"days": left}
            if left else gettext("today"))

    def changelist_view(self, request, extra_context=None):
        overdue = Feedback.objects.overdue().count()
        if overdue and request.method == "GET":
            self.message_user(request, ngettext(
                "%(count)d message has not been answered within its deadline.",
                "%(count)d messages have not been answered within their deadline.",
                overdue) % {"count": overdue}, messages.WARNING)
        return super().changelist_view(request, extra_context)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        feedback = self.get_object(request, object_id)
        extra_context = {**(extra_context or {})}
        if feedback is not None and feedback.status == Feedback.Status.OPEN \
                and self.may_answer(request):
            extra_context["answer_form"] = AnswerForm()
            extra_context["answer_url"] = reverse("admin:accessibility_feedback_answer",
                                                  args=[feedback.pk])
        return super().change_view(request, object_id, form_url, extra_context)

    def get_urls(self):
        return [
            path("<path:object_id>/answer/", self.admin_site.admin_view(self.answer_view),
                 name="accessibility_feedback_answer"),
            *super().get_urls(),
        ]

    def answer_view(self, request, object_id):
        """Sends the answer to the sender's address ("send"), or records that it was
        given another way ("elsewhere"); either marks the feedback answered."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        if not self.may_answer(request):
            raise PermissionDenied
        feedback = self.get_object(request, object_id)
        if feedback is None:
            raise Http404
        form = AnswerForm(request.POST)
        change_url = reverse("admin:accessibility_feedback_change", args=[feedback.pk])
        if not form.is_valid():
            self.message_user(request, " ".join(
                m for errors in form.errors.values() for m in errors), messages.ERROR)
            return redirect(change_url)
        text = form.cleaned_data["answer"].strip()
        by_email = request.POST.get("how") == "send"
        if by_email and not feedback.email:
            self.message_user(request, gettext(
                "This sender gave no e-mail address: answer another way and mark it "
                "answered."), messages.ERROR)
            return redirect(change_url)
        if by_email and not text:
            self.message_user(request, gettext("Please write the answer first."),
                              messages.ERROR)
            return redirect(change_url)
        try:
            feedback.mark_answered(request.user, text, send=by_email)
        except ValidationError as error:
            self.message_user(request, " ".join(error.messages), messages.WARNING)
            return redirect(change_url)
        log_decision(self, request, feedback, "answered_by_email" if by_email else "answered")
        if by_email:
            done = gettext("%(reference)s: the answer has been sent to the sender.")
        else:
            done = gettext("%(reference)s is marked as answered.")
        self.message_user(request, done % {"reference": feedback.reference}, messages.SUCCESS)
        return redirect(reverse("admin:accessibility_feedback_changelist"))

    @admin.action(description=_("Mark as answered (the answer went by phone, letter or "
                                "in person)"), permissions=["change"])
    def mark_answered_elsewhere(self, request, queryset):
        done = 0
        for feedback in queryset.filter(status=Feedback.Status.OPEN):
            try:
                feedback.mark_answered(request.user)
            except ValidationError:
                continue
            log_decision(self, request, feedback, "answered")
            done += 1
        self.message_user(request, ngettext(
            "%(count)d message marked as answered.", "%(count)d messages marked as answered.",
            done) % {"count": done}, messages.SUCCESS)
