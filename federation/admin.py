"""The press office's view of the Fediverse: blocklists, followers, and every delivery
with its state (queued, delivered, failing, dead)."""

from django.contrib import admin, messages
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from federation.models import (
    BlockedAccount,
    BlockedDomain,
    Delivery,
    Inbox,
    OutgoingActivity,
    RemoteActor,
    RemoteFollower,
)


class ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class BlockAdmin(admin.ModelAdmin):
    readonly_fields = ["created_by", "created_at"]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(BlockedDomain)
class BlockedDomainAdmin(BlockAdmin):
    list_display = ["domain", "note", "created_at", "created_by"]
    search_fields = ["domain"]


@admin.register(BlockedAccount)
class BlockedAccountAdmin(BlockAdmin):
    list_display = ["uri", "note", "created_at", "created_by"]
    search_fields = ["uri"]


@admin.register(RemoteActor)
class RemoteActorAdmin(ReadOnly):
    list_display = ["handle", "display_name", "domain", "fetched_at"]
    search_fields = ["username", "domain", "uri"]
    readonly_fields = ["uri", "username", "domain", "display_name", "profile_url", "inbox",
                       "shared_inbox", "key_id", "fetched_at"]
    exclude = ["public_key_pem"]


@admin.register(RemoteFollower)
class RemoteFollowerAdmin(ReadOnly):
    list_display = ["remote", "local", "created_at"]
    list_select_related = ["remote", "local__officer"]
    search_fields = ["remote__username", "remote__domain"]
    readonly_fields = ["remote", "local", "follow_id", "created_at"]


class DeliveryInline(admin.TabularInline):
    model = Delivery
    fields = ["inbox", "state", "attempts", "last_status", "last_error", "next_attempt_at",
              "delivered_at"]
    readonly_fields = fields
    extra = 0
    max_num = 0
    can_delete = False
    show_change_link = True


@admin.register(OutgoingActivity)
class OutgoingActivityAdmin(ReadOnly):
    list_display = ["kind", "actor", "post_id", "created_at", "delivered", "waiting", "dead"]
    list_filter = ["kind"]
    readonly_fields = ["uuid", "kind", "actor", "post_id", "payload", "created_at"]
    inlines = [DeliveryInline]

    def get_queryset(self, request):
        State = Delivery.State
        return super().get_queryset(request).select_related("actor__officer").annotate(
            n_delivered=Count("deliveries", filter=Q(deliveries__state=State.DELIVERED)),
            n_waiting=Count("deliveries", filter=Q(deliveries__state__in=[
                State.QUEUED, State.FAILING])),
            n_dead=Count("deliveries", filter=Q(deliveries__state=State.DEAD)),
        )

    @admin.display(description=_("delivered"))
    def delivered(self, obj):
        return obj.n_delivered

    @admin.display(description=_("waiting"))
    def waiting(self, obj):
        return obj.n_waiting

    @admin.display(description=_("dead"))
    def dead(self, obj):
        return obj.n_dead


@admin.register(Delivery)
class DeliveryAdmin(ReadOnly):
    list_display = ["activity", "inbox", "state", "attempts", "last_status", "next_attempt_at",
                    "delivered_at"]
    list_filter = ["state", "activity__kind"]
    list_select_related = ["activity", "inbox"]
    search_fields = ["inbox__url"]
    readonly_fields = ["activity", "inbox", "state", "attempts", "next_attempt_at",
                       "last_status", "last_error", "created_at", "delivered_at"]
    exclude = ["claimed_until"]
    actions = ["retry_now"]

    @admin.action(description=_("Try again now"), permissions=["change"])
    def retry_now(self, request, queryset):
        count = queryset.exclude(state=Delivery.State.DELIVERED).update(
            state=Delivery.State.QUEUED, next_attempt_at=timezone.now(),
            created_at=timezone.now(),
        )
        self.message_user(request, ngettext(
            "%(count)d delivery queued again.", "%(count)d deliveries queued again.", count,
        ) % {"count": count}, messages.SUCCESS)


@admin.register(Inbox)
class InboxAdmin(ReadOnly):
    list_display = ["url", "dead_since"]
    list_filter = [("dead_since", admin.EmptyFieldListFilter)]
    search_fields = ["url"]
    readonly_fields = ["url", "dead_since"]
    actions = ["revive"]

    @admin.action(description=_("Deliver to it again"), permissions=["change"])
    def revive(self, request, queryset):
        count = queryset.update(dead_since=None)
        self.message_user(request, ngettext(
            "%(count)d inbox will be delivered to again.",
            "%(count)d inboxes will be delivered to again.", count,
        ) % {"count": count}, messages.SUCCESS)
