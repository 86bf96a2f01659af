from django.contrib import admin

from inbox.models import CannedReply, DutyHours, TriggerWord


@admin.register(CannedReply)
class CannedReplyAdmin(admin.ModelAdmin):
    list_display = ("title", "kind", "is_active")
    list_filter = ("kind", "is_active")
    search_fields = ("title", "body")


@admin.register(TriggerWord)
class TriggerWordAdmin(admin.ModelAdmin):
    list_display = ("word", "kind")
    list_filter = ("kind",)
    search_fields = ("word",)


@admin.register(DutyHours)
class DutyHoursAdmin(admin.ModelAdmin):
    list_display = ("__str__", "officer", "station", "weekday", "start", "end")
    list_filter = ("officer", "station", "weekday")
    list_select_related = ("officer", "station")
