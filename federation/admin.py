"""The press office's view of the Fediverse: blocklists, followers, and every delivery
with its state (queued, delivered, failing, dead)."""

from django.contrib import admin, messages
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.text import Truncator
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from federation.models import (
    BlockedAccount,
    BlockedDomain,
    Delivery,
    Inbox,
    OutgoingActivity,
    RemoteActor,
    RemoteFollower,
    RemoteReport,
)
from federation.moderation import apply_block


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
        if not change:
            block(self, request, obj)


def block(modeladmin, request, obj):
    """Applies a new block to what came before it and says what it did."""
    hidden, closed, follows = apply_block(obj, request.user)
    modeladmin.message_user(request, gettext(
        "%(what)s is blocked: %(hidden)d comments hidden, %(closed)d conversations closed, "
        "%(follows)d follows ended; its requests are refused from now on."
    ) % {"what": obj, "hidden": hidden, "closed": closed, "follows": follows},
        messages.SUCCESS)


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
    actions = ["block_accounts", "block_servers"]
    list_display = ["handle", "display_name", "domain", "fetched_at"]
    search_fields = ["username", "domain", "uri"]
    readonly_fields = ["uri", "username", "domain", "display_name", "profile_url", "inbox",
                       "shared_inbox", "key_id", "fetched_at"]
    exclude = ["public_key_pem"]

    def has_block_permission(self, request):
        return request.user.has_perm("federation.add_blockedaccount")

    @admin.action(description=_("Block these accounts"), permissions=["block"])
    def block_accounts(self, request, queryset):
        for actor in queryset:
            account, created = BlockedAccount.objects.get_or_create(
                uri=actor.uri, defaults={"created_by": request.user})
            if created:
                self.log_addition(request, account, [{"added": {}}])
                block(self, request, account)

    @admin.action(description=_("Block their servers"), permissions=["block"])
    def block_servers(self, request, queryset):
        for domain in sorted(set(queryset.values_list("domain", flat=True))):
            server, created = BlockedDomain.objects.get_or_create(
                domain=domain, defaults={"created_by": request.user})
            if created:
                self.log_addition(request, server, [{"added": {}}])
                block(self, request, server)


@admin.register(RemoteReport)
class RemoteReportAdmin(ReadOnly):
    """Reports from other servers: the queue shows the open ones first."""

    list_display = ["__str__", "reported", "excerpt", "received_at", "resolved_at"]
    list_filter = [("resolved_at", admin.EmptyFieldListFilter)]
    list_select_related = ["post__officer", "comment__post__officer"]
    readonly_fields = ["reporter_handle", "reporter_uri", "reported", "objects_reported",
                       "content", "received_at", "resolved_at", "resolved_by"]
    exclude = ["post", "comment", "activity_id"]
    actions = ["mark_reviewed"]

    @admin.display(description=_("reported"))
    def reported(self, obj):
        if obj.comment_id:
            return format_html('<a href="{}">{}</a>', reverse(
                "admin:posts_comment_change", args=[obj.comment_id]),
                gettext("Comment #%(id)d") % {"id": obj.comment_id})
        if obj.post_id:
            return format_html('<a href="{}">@{}/{}</a>', obj.post.get_absolute_url(),
                               obj.post.officer.handle, obj.post_id)
        return ", ".join(obj.objects_reported[:3])

    @admin.display(description=_("reason given"))
    def excerpt(self, obj):
        return Truncator(obj.content).chars(80)

    @admin.action(description=_("Mark as reviewed"), permissions=["change"])
    def mark_reviewed(self, request, queryset):
        done = 0
        for report in queryset.open():
            RemoteReport.objects.filter(pk=report.pk).update(
                resolved_at=timezone.now(), resolved_by=request.user)
            self.log_change(request, report, gettext("Reviewed"))
            done += 1
        self.message_user(request, ngettext(
            "%(count)d report reviewed.", "%(count)d reports reviewed.", done,
        ) % {"count": done}, messages.SUCCESS)

    def has_change_permission(self, request, obj=None):
        return request.user.has_perm("federation.change_remotereport")


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
