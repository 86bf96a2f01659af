"""Stations and officer channels, kept by the press office.

A channel is opened, closed and handed over here. Closing and handing over are
transitions on the model that record a ChannelEvent; the `user` and `is_active` fields
are therefore read-only on the change form, so nobody changes them unrecorded."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from officers.models import ChannelEvent, Officer, OfficerLink, Station
from officers.tasks import portrait_changed
from portal.admin_lists import LabelledTabularInline
from portal.media import processing
from portal.models import User
from portal.roles import officer_accounts


@admin.register(Station)
class StationAdmin(admin.ModelAdmin):
    list_display = ["name", "district", "address"]
    search_fields = ["name", "district", "address"]


class PortraitInput(forms.ClearableFileInput):
    """A file input without the "currently: <link>" part: the original is private and
    has no URL. The processed portrait is shown beside it instead."""

    def is_initial(self, value):
        return False


class OfficerAdminForm(forms.ModelForm):
    remove_portrait = forms.BooleanField(label=_("Remove the portrait"), required=False)

    class Meta:
        model = Officer
        fields = [
            "user", "handle", "display_name", "rank", "station", "bio", "portrait",
            "posts_public_when_inactive", "publish_without_review", "fediverse_replies",
        ]
        widgets = {"portrait": PortraitInput(attrs={"accept": "image/*"})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "user" in self.fields:
            # Only officers who run no channel yet can get a new one.
            self.fields["user"].queryset = officer_accounts().filter(officer__isnull=True)

    def clean_portrait(self):
        upload = self.cleaned_data.get("portrait")
        if upload and upload != self.initial.get("portrait"):
            processing.inspect_upload(upload, kind="photo")
        return upload

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("remove_portrait") and "portrait" not in self.changed_data:
            cleaned["portrait"] = ""
        return cleaned


class OfficerPartInline(LabelledTabularInline):
    """Links and history are part of the officer's record: whoever may view or change
    the officer may do the same with them (no separate role permissions needed)."""

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("officers.view_officer")

    def has_add_permission(self, request, obj=None):
        return request.user.has_perm("officers.change_officer")

    def has_change_permission(self, request, obj=None):
        return request.user.has_perm("officers.change_officer")

    def has_delete_permission(self, request, obj=None):
        return request.user.has_perm("officers.change_officer")


class OfficerLinkInline(OfficerPartInline):
    model = OfficerLink
    extra = 1
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


class ChannelEventInline(OfficerPartInline):
    """The channel's history: read-only, append-only."""

    model = ChannelEvent
    extra = 0
    can_delete = False
    fields = ["created_at", "kind", "actor", "from_user", "to_user", "posts_public", "note"]
    readonly_fields = fields
    verbose_name_plural = _("history")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Officer)
class OfficerAdmin(admin.ModelAdmin):
    form = OfficerAdminForm
    list_display = [
        "thumbnail", "handle", "display_name", "rank", "station", "is_active", "follower_count"
    ]
    list_display_links = ["thumbnail", "handle"]
    list_filter = ["is_active", "station"]
    list_select_related = ["station", "user"]
    search_fields = ["handle", "display_name", "user__email"]
    inlines = [OfficerLinkInline, ChannelEventInline]
    actions = ["deactivate_keep_posts", "deactivate_archive_posts", "reactivate"]
    readonly_fields = ["thumbnail", "is_active", "channel_actions", "follower_count",
                       "created_at"]
    fieldsets = [
        (None, {"fields": ["user", "handle", "display_name", "rank", "station", "bio"]}),
        (_("Portrait"), {"fields": ["thumbnail", "portrait", "remove_portrait"]}),
        (_("Channel"), {"fields": [
            "is_active", "posts_public_when_inactive", "channel_actions",
            "publish_without_review", "fediverse_replies", "follower_count", "created_at",
        ]}),
    ]

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None:
            fields.append("user")  # changed by handing the channel over
        return fields

    @admin.display(description=_("portrait"))
    def thumbnail(self, obj):
        small = obj.portrait_thumb if obj else None
        if not small:
            return "—"
        return format_html('<img src="{}" alt="" width="48" height="48" class="admin-portrait">',
                           small["url"])

    @admin.display(description=_("hand over"))
    def channel_actions(self, obj):
        if obj is None or obj.pk is None:
            return "—"
        return format_html(
            '<a class="button" href="{}">{}</a>',
            reverse("admin:officers_officer_handover", args=[obj.pk]),
            _("Hand the channel over to a successor"),
        )

    def save_model(self, request, obj, form, change):
        old_portrait = form.initial.get("portrait")
        old_name = getattr(old_portrait, "name", old_portrait) or ""
        super().save_model(request, obj, form, change)
        if "portrait" in form.changed_data or form.cleaned_data.get("remove_portrait"):
            portrait_changed(obj, old_name)

    # --- Transitions ---------------------------------------------------------------

    # The number is read from the "count" key when the message is formatted.
    DEACTIVATED = ngettext_lazy("%(count)d channel deactivated.",
                                "%(count)d channels deactivated.", "count")
    REACTIVATED = ngettext_lazy("%(count)d channel reactivated.",
                                "%(count)d channels reactivated.", "count")

    def _transition(self, request, queryset, method, done, **kwargs):
        changed = 0
        for officer in queryset.select_related("user"):
            try:
                getattr(officer, method)(by=request.user, **kwargs)
                changed += 1
            except ValidationError as exc:
                self.message_user(request, " ".join(exc.messages), messages.WARNING)
        if changed:
            self.message_user(request, done % {"count": changed}, messages.SUCCESS)

    @admin.action(description=_("Deactivate: posts stay readable"), permissions=["change"])
    def deactivate_keep_posts(self, request, queryset):
        self._transition(request, queryset, "deactivate", self.DEACTIVATED, posts_public=True)

    @admin.action(description=_("Deactivate: archive posts"), permissions=["change"])
    def deactivate_archive_posts(self, request, queryset):
        self._transition(request, queryset, "deactivate", self.DEACTIVATED, posts_public=False)

    @admin.action(description=_("Reactivate"), permissions=["change"])
    def reactivate(self, request, queryset):
        self._transition(request, queryset, "reactivate", self.REACTIVATED)

    def get_urls(self):
        return [
            path("<int:pk>/handover/", self.admin_site.admin_view(self.handover_view),
                 name="officers_officer_handover"),
            *super().get_urls(),
        ]

    def handover_view(self, request, pk):
        officer = get_object_or_404(Officer.objects.select_related("user"), pk=pk)
        if not self.has_change_permission(request, officer):
            raise PermissionDenied
        form = HandOverForm(request.POST or None, officer=officer)
        if request.method == "POST" and form.is_valid():
            try:
                officer.hand_over(by=request.user, **form.cleaned_data)
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                self.message_user(
                    request,
                    _("@%(handle)s now belongs to %(user)s.") % {
                        "handle": officer.handle, "user": officer.user},
                    messages.SUCCESS,
                )
                return redirect("admin:officers_officer_change", officer.pk)
        context = {
            **self.admin_site.each_context(request),
            "title": _("Hand over @%(handle)s") % {"handle": officer.handle},
            "officer": officer,
            "form": form,
            "opts": self.opts,
            "original": officer,
        }
        return render(request, "officers/admin/handover.html", context)


class HandOverForm(forms.Form):
    to_user = forms.ModelChoiceField(
        label=_("successor"), queryset=User.objects.none(),
        help_text=_("A member of the officers group who runs no channel yet."),
    )
    display_name = forms.CharField(
        label=_("new display name"), max_length=80, required=False,
        help_text=_("Leave empty to keep the current one."),
    )
    rank = forms.CharField(label=_("new rank"), max_length=80, required=False)
    note = forms.CharField(label=_("note"), widget=forms.Textarea(attrs={"rows": 3}),
                           required=False)

    def __init__(self, *args, officer, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_user"].queryset = officer_accounts().filter(officer__isnull=True)
