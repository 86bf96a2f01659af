"""The portal app's admin: users (accounts, muting)."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.models import DELETION, LogEntry
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import BaseUserCreationForm, UserChangeForm
from django.contrib.contenttypes.models import ContentType
from django.utils.html import format_html
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from portal.admin_history import log_decision
from portal.models import User
from portal.privacy import delete_account


class MutedFilter(admin.SimpleListFilter):
    title = _("muted")
    parameter_name = "muted"

    def lookups(self, request, model_admin):
        return [("yes", _("Muted")), ("no", _("Not muted"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(muted_at__isnull=False)
        if self.value() == "no":
            return queryset.filter(muted_at__isnull=True)
        return queryset


class UserCreationForm(BaseUserCreationForm):
    class Meta:
        model = User
        fields = ("email",)


class UserEditForm(UserChangeForm):
    class Meta:
        model = User
        fields = "__all__"
        field_classes = {"email": forms.EmailField}


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    """Superusers manage accounts; the press office (view + mute permission) sees a
    short read-only page and can mute and unmute."""

    form = UserEditForm
    add_form = UserCreationForm
    ordering = ["email"]
    list_display = ["email", "display_name", "is_staff", "is_active", "muted_at", "date_joined"]
    list_filter = [MutedFilter, "is_staff", "is_superuser", "is_active", "groups"]
    search_fields = ["email", "display_name"]
    readonly_fields = ["muted_at", "last_login", "date_joined"]
    actions = ["mute", "unmute"]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Public profile"), {"fields": ("display_name",)}),
        (_("Muting"), {"fields": ("muted_at", "muted_reason")}),
        (_("Permissions"), {"fields": ("is_active", "is_staff", "is_superuser", "groups",
                                       "user_permissions")}),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("email", "password1", "password2")}),
    )
    # What the press office needs to mute and unmute: the public name and the muting,
    # not every account's e-mail address and flags.
    press_fieldsets = (
        (None, {"fields": ("display_name", "date_joined")}),
        (_("Muting"), {"fields": ("muted_at", "muted_reason")}),
    )
    press_list_display = ["public_name", "muted_at", "date_joined"]

    def get_fieldsets(self, request, obj=None):
        if obj is not None and not self.has_change_permission(request, obj):
            return self.press_fieldsets
        return super().get_fieldsets(request, obj)

    @admin.display(description=_("public name"))
    def public_name(self, user):
        return user.display_name or gettext("Account %(id)s") % {"id": user.pk}

    def action_checkbox(self, user):
        # The checkbox's label names the account as the list does (by its public name,
        # never by its e-mail address).
        attrs = {"class": "action-select", "aria-label": format_html(
            gettext("Select this object for an action - {}"), self.public_name(user))}
        return forms.CheckboxInput(attrs, lambda value: False).render(
            helpers.ACTION_CHECKBOX_NAME, str(user.pk))

    def get_list_display(self, request):
        if not self.has_change_permission(request):
            return self.press_list_display
        return super().get_list_display(request)

    def get_list_filter(self, request):
        if not self.has_change_permission(request):
            return [MutedFilter]
        return super().get_list_filter(request)

    def get_search_fields(self, request):
        if not self.has_change_permission(request):
            return ["display_name"]
        return super().get_search_fields(request)

    # Deleting an account in the admin removes what the account settings' deletion removes
    # (portal/privacy.py), and the admin's own record names no one.

    def get_deleted_objects(self, objs, request):
        # What an account leaves behind goes by the privacy rules of each app
        # (delete_account), whatever the admin pages of those things allow one to delete.
        deleted, counts, _perms_needed, protected = super().get_deleted_objects(objs, request)
        return deleted, counts, set(), protected

    def delete_model(self, request, obj):
        delete_account(obj)

    def delete_queryset(self, request, queryset):
        for user in queryset:
            delete_account(user)

    def log_deletions(self, request, queryset):
        # The record outlives the account, so it names the account by its id only.
        content_type = ContentType.objects.get_for_model(User)
        return LogEntry.objects.bulk_create(
            LogEntry(user_id=request.user.pk, content_type=content_type, object_id=str(user.pk),
                     object_repr=f"#{user.pk}", action_flag=DELETION)
            for user in queryset
        )

    def has_mute_permission(self, request):
        return request.user.has_perm("portal.mute_user")

    @admin.action(description=_("Mute the selected users (they can no longer write)"),
                  permissions=["mute"])
    def mute(self, request, queryset):
        users = list(queryset)
        for user in users:
            user.mute(gettext("Muted by %(who)s in the user list") % {
                "who": request.user.get_short_name()})
            log_decision(self, request, user, "muted")
        self.message_user(request, ngettext("%(count)d user muted.", "%(count)d users muted.",
                                            len(users)) % {"count": len(users)},
                          messages.SUCCESS)

    @admin.action(description=_("Unmute the selected users"), permissions=["mute"])
    def unmute(self, request, queryset):
        users = list(queryset.filter(muted_at__isnull=False))
        for user in users:
            user.unmute()
            log_decision(self, request, user, "unmuted")
        self.message_user(request, ngettext("%(count)d user unmuted.",
                                            "%(count)d users unmuted.", len(users))
                          % {"count": len(users)}, messages.SUCCESS)
