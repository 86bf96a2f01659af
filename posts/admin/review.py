"""The review's own records in the admin: the checklist (kept by the press office) and
the history of decisions (read-only for everyone, superusers included)."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from portal.admin_lists import LabelledListEditable
from posts.models import ChecklistItem, PostEvent


@admin.register(ChecklistItem)
class ChecklistItemAdmin(LabelledListEditable, admin.ModelAdmin):
    list_display = ["text", "active", "position"]
    list_editable = ["active", "position"]
    list_filter = ["active"]


@admin.register(PostEvent)
class PostEventAdmin(admin.ModelAdmin):
    """Append-only: the admin offers no way to add, change or delete an event."""

    list_display = ["created_at", "post", "action", "actor", "from_state", "to_state",
                    "note_excerpt"]
    list_filter = ["action", "post__officer"]
    search_fields = ["note", "post__caption"]
    list_select_related = ["post__officer", "actor"]
    date_hierarchy = "created_at"
    fields = ["post", "created_at", "actor", "action", "from_state", "to_state", "note",
              "scheduled_for", "changes", "checklist"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("note"))
    def note_excerpt(self, event):
        return event.note[:80]
