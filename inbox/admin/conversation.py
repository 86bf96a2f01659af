import datetime

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import F
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone
from django.utils.timesince import timesince
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from inbox import stats
from inbox.admin.actions import ask_in_between
from inbox.forms import AssignForm
from inbox.models import AccessLog, Conversation, Message, PublicQA
from portal.admin_filters import DefaultLookupFilter
from portal.admin_history import log_decision


class StateFilter(DefaultLookupFilter):
    """Shows what is waiting for an officer unless the press office asks for more."""

    title = _("state")
    parameter_name = "state"
    default = Conversation.State.OPEN

    def lookups(self, request, model_admin):
        return [("all", _("All")), *Conversation.State.choices]

    def queryset(self, request, queryset):
        value = self.value()
        return queryset if value == "all" else queryset.filter(state=value)


class WaitingFilter(admin.SimpleListFilter):
    title = _("waiting for")
    parameter_name = "waiting"
    DAYS = {"1": 1, "3": 3, "7": 7}

    def lookups(self, request, model_admin):
        return [("1", _("more than a day")), ("3", _("more than 3 days")),
                ("7", _("more than a week"))]

    def queryset(self, request, queryset):
        days = self.DAYS.get(self.value())
        if days is None:
            return queryset
        return queryset.filter(state=Conversation.State.OPEN,
                               waiting_since__lt=timezone.now() - datetime.timedelta(days=days))


class MessageInline(admin.TabularInline):
    model = Message
    fields = ("created_at", "author_name", "is_automatic", "body")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("author", "author__officer")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description=_("from"))
    def author_name(self, message):
        return message.author_name


class PeriodForm(forms.Form):
    since = forms.DateField(label=_("asked from"), widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(label=_("until (inclusive)"),
                            widget=forms.DateInput(attrs={"type": "date"}))


@admin.register(Conversation)
class ConversationAdmin(admin.ModelAdmin):
    """Oversight only: the press office reads (every opening is logged), assigns and
    closes; officers answer in the studio."""

    list_display = ("__str__", "officer", "assigned_to", "state", "urgent", "created_at",
                    "waiting_time", "first_answered_at")
    list_filter = (StateFilter, "urgent", WaitingFilter, "officer", "assigned_to")
    list_select_related = ("officer", "assigned_to")
    search_fields = ("subject",)
    date_hierarchy = "created_at"
    inlines = [MessageInline]
    actions = ["assign", "close", "propose_public"]
    fields = ("public_id", "citizen", "remote_author_handle", "remote_author_uri", "officer",
              "assigned_to", "subject", "state", "urgent",
              "consent_public", "created_at", "waiting_since", "first_answered_at",
              "closed_at", "anonymised_at", "message_count")
    readonly_fields = fields
    change_list_template = "inbox/admin/conversation_change_list.html"

    def get_ordering(self, request):
        return [F("waiting_since").asc(nulls_last=True), "-created_at"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        # Actions (assign, close) need the permission; a single conversation's page is
        # for reading: nothing in it is edited by hand.
        return obj is None and super().has_change_permission(request)

    @admin.display(description=_("waiting"))
    def waiting_time(self, conversation):
        if conversation.state != Conversation.State.OPEN or not conversation.waiting_since:
            return "–"
        return timesince(conversation.waiting_since)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        conversation = self.get_object(request, unquote(object_id))
        if conversation is not None and self.has_view_permission(request, conversation):
            AccessLog.record_if_not_assigned(request.user, conversation, AccessLog.Why.ADMIN)
        return super().change_view(request, object_id, form_url, extra_context)

    # Actions ---------------------------------------------------------------------------

    @admin.action(description=_("Assign to another officer…"), permissions=["change"])
    def assign(self, request, queryset):
        form = AssignForm(request.POST if "apply" in request.POST else None)
        if not form.is_valid():
            return ask_in_between(self, request, queryset, form, action="assign",
                                  title=gettext("Assign to another officer"),
                                  button=gettext("Assign"))
        officer = form.cleaned_data["officer"]
        for conversation in queryset:
            conversation.assign(officer, request.user)
            AccessLog.record_if_not_assigned(request.user, conversation, AccessLog.Why.ASSIGN)
            log_decision(self, request, conversation, "assigned",
                         officer=str(conversation.responsible_officer))
        count = len(queryset)
        self.message_user(request, ngettext(
            "%(count)d conversation assigned to %(name)s.",
            "%(count)d conversations assigned to %(name)s.", count) % {
            "count": count,
            "name": officer or gettext("the addressed officer"),
        }, messages.SUCCESS)
        return None

    @admin.action(description=_("Close"), permissions=["change"])
    def close(self, request, queryset):
        for conversation in queryset:
            conversation.close(request.user)
            log_decision(self, request, conversation, "closed")
        self.message_user(request, gettext("Closed."), messages.SUCCESS)

    @admin.action(description=_("Propose as public Q&A"), permissions=["change"])
    def propose_public(self, request, queryset):
        for conversation in queryset:
            try:
                PublicQA.propose(conversation, request.user, conversation.first_question(),
                                 conversation.first_answer())
            except ValidationError as error:
                self.message_user(request, f"{conversation}: {' '.join(error.messages)}",
                                  messages.ERROR)
            else:
                AccessLog.record_if_not_assigned(request.user, conversation,
                                                 AccessLog.Why.PUBLISH)
                self.message_user(request, gettext(
                    "%(conversation)s: proposed; edit and approve it under public Q&As.") % {
                    "conversation": conversation}, messages.SUCCESS)

    # Response times --------------------------------------------------------------------

    def get_urls(self):
        return [
            path("response-times/", self.admin_site.admin_view(self.response_times_view),
                 name="inbox_conversation_response_times"),
            *super().get_urls(),
        ]

    def response_times_view(self, request):
        if not self.has_view_permission(request):
            raise PermissionDenied
        today = timezone.localdate()
        form = PeriodForm(request.GET or {"since": today - datetime.timedelta(days=29),
                                          "until": today})
        rows = None
        if form.is_valid():
            tz = timezone.get_current_timezone()
            since = datetime.datetime.combine(form.cleaned_data["since"], datetime.time(), tz)
            until = datetime.datetime.combine(
                form.cleaned_data["until"] + datetime.timedelta(days=1), datetime.time(), tz)
            rows = stats.response_times(since, until)
        return TemplateResponse(request, "inbox/admin/response_times.html", {
            **self.admin_site.each_context(request),
            "title": gettext("Response times per officer"),
            "opts": self.model._meta,
            "form": form,
            "rows": rows,
        })
