from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from inbox.admin.actions import ask_in_between
from inbox.forms import ReasonForm
from inbox.models import AccessLog, PublicQA
from portal.admin_history import log_decision


@admin.register(AccessLog)
class AccessLogAdmin(admin.ModelAdmin):
    """Append-only: nobody adds, changes or deletes entries by hand."""

    list_display = ("at", "user_email", "conversation_public_id", "why")
    list_filter = ("why",)
    search_fields = ("user_email", "=conversation_public_id")
    date_hierarchy = "at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(PublicQA)
class PublicQAAdmin(admin.ModelAdmin):
    """Reviewed like a post: the press office may polish the wording while it is
    proposed, then approves, or rejects (or withdraws) with a reason."""

    list_display = ("__str__", "officer", "state", "proposed_at", "decided_by", "published_at")
    list_filter = ("state", "officer")
    list_select_related = ("officer", "decided_by")
    actions = ["approve", "reject"]
    fields = ("officer", "question", "answer", "state", "proposed_by", "proposed_at",
              "decided_by", "decided_at", "decision_note", "published_at")

    def get_readonly_fields(self, request, obj=None):
        editable = ("question", "answer") if obj and obj.state == PublicQA.State.PROPOSED else ()
        return [f for f in self.fields if f not in editable]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Approve and show on the channel"), permissions=["change"])
    def approve(self, request, queryset):
        for qa in queryset:
            try:
                qa.approve(request.user)
            except ValidationError as error:
                self.message_user(request, f"{qa}: {' '.join(error.messages)}", messages.ERROR)
            else:
                log_decision(self, request, qa, "approved")
                self.message_user(request, gettext("%(qa)s: approved.") % {"qa": qa},
                                  messages.SUCCESS)

    @admin.action(description=_("Reject or withdraw…"), permissions=["change"])
    def reject(self, request, queryset):
        form = ReasonForm(request.POST if "apply" in request.POST else None)
        if not form.is_valid():
            return ask_in_between(self, request, queryset, form, action="reject",
                                  title=gettext("Reject or withdraw"),
                                  button=gettext("Reject"))
        for qa in queryset:
            try:
                qa.reject(request.user, form.cleaned_data["note"])
            except ValidationError as error:
                self.message_user(request, f"{qa}: {' '.join(error.messages)}", messages.ERROR)
            else:
                log_decision(self, request, qa, "rejected", reason=form.cleaned_data["note"])
        return None
