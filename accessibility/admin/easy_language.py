from django.contrib import admin, messages
from django.db import models
from django.forms import Textarea
from django.utils.translation import gettext

from accessibility.admin.topics import warn_of_missing_topics
from accessibility.easy_language_rules import hints
from accessibility.models import EasyLanguagePage
from portal.admin_lists import LabelledListEditable


@admin.register(EasyLanguagePage)
class EasyLanguagePageAdmin(LabelledListEditable, admin.ModelAdmin):
    list_display = ["title", "topic", "order", "published", "updated_at"]
    list_editable = ["order", "published"]
    list_filter = ["published", "topic"]
    search_fields = ["title", "body"]
    prepopulated_fields = {"slug": ["title"]}
    fields = ["title", "slug", "topic", "body", "order", "published", "updated_at"]
    readonly_fields = ["updated_at"]
    formfield_overrides = {models.TextField: {"widget": Textarea(attrs={"rows": 24})}}

    def changelist_view(self, request, extra_context=None):
        if request.method == "GET":
            warn_of_missing_topics(
                self, request,
                EasyLanguagePage.objects.published().values_list("topic", flat=True),
                gettext("in Leichte Sprache"))
        return super().changelist_view(request, extra_context)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        # Hints, never a block: the press office knows its readers better than a rule.
        for hint in hints(obj.body):
            self.message_user(request, f"{obj.title}: {hint}", messages.WARNING)
