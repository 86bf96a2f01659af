from django import forms
from django.contrib import admin
from django.template.defaultfilters import filesizeformat
from django.utils.html import format_html
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from accessibility import tasks, videos
from accessibility.admin.topics import warn_of_missing_topics
from accessibility.models import SignLanguageVideo
from accessibility.templatetags.accessibility import minutes_seconds


class VideoInput(forms.ClearableFileInput):
    """A file input without "currently: <link>": the original is private and has no
    URL. The processed video's poster is shown beside it instead."""

    def is_initial(self, value):
        return False


class SignLanguageVideoForm(forms.ModelForm):
    class Meta:
        model = SignLanguageVideo
        fields = ["title", "topic", "description", "original", "order", "published"]
        widgets = {"original": VideoInput(attrs={"accept": "video/mp4,video/quicktime,video/webm"})}

    def clean_original(self):
        upload = self.cleaned_data.get("original")
        if upload is False:  # "clear": a video without its file is no video
            raise forms.ValidationError(_("Please choose the video file."), code="required")
        if upload and upload != self.initial.get("original"):
            videos.inspect(upload)
        if not upload and not (self.instance.pk and self.instance.original):
            raise forms.ValidationError(_("Please choose the video file."), code="required")
        return upload


@admin.register(SignLanguageVideo)
class SignLanguageVideoAdmin(admin.ModelAdmin):
    form = SignLanguageVideoForm
    list_display = ["thumbnail", "title", "topic", "status", "published", "length", "order"]
    list_display_links = ["thumbnail", "title"]
    list_filter = ["published", "status", "topic"]
    search_fields = ["title", "description"]
    readonly_fields = ["thumbnail", "status", "failure_reason", "details"]
    actions = ["process_again"]
    fieldsets = [
        (None, {"fields": ["title", "topic", "description", "order", "published"]}),
        (_("Video"), {"fields": ["original", "thumbnail", "status", "failure_reason",
                                 "details"]}),
    ]

    @admin.display(description=_("poster"))
    def thumbnail(self, obj):
        if not obj or not obj.poster:
            return "—"
        return format_html('<img src="{}" alt="" width="96" class="admin-portrait">',
                           obj.poster_url)

    @admin.display(description=_("duration"))
    def length(self, obj):
        return minutes_seconds(obj.duration) if obj.duration else "—"

    @admin.display(description=_("public file"))
    def details(self, obj):
        if not obj or not obj.video:
            return "—"
        return format_html(
            '<a href="{}">{}</a>', obj.video_url,
            gettext("MP4, %(width)s × %(height)s pixels, %(rate)s frames per second, "
                    "%(length)s, %(size)s") % {
                "width": obj.width, "height": obj.height,
                "rate": f"{obj.frame_rate:.3g}" if obj.frame_rate else "?",
                "length": minutes_seconds(obj.duration), "size": filesizeformat(obj.video_bytes),
            })

    @admin.action(description=_("Process again (a video stuck in processing)"),
                  permissions=["change"])
    def process_again(self, request, queryset):
        stuck = list(queryset.filter(status=SignLanguageVideo.Status.PROCESSING)
                     .exclude(original=""))
        for video in stuck:
            tasks.process_sign_language_video.enqueue(video.pk, video.original.name)
        self.message_user(request, ngettext(
            "%(count)d video is being processed again.",
            "%(count)d videos are being processed again.", len(stuck)) % {"count": len(stuck)})

    def changelist_view(self, request, extra_context=None):
        if request.method == "GET":
            warn_of_missing_topics(
                self, request,
                SignLanguageVideo.objects.shown().values_list("topic", flat=True),
                gettext("in German Sign Language"))
        return super().changelist_view(request, extra_context)

    def save_model(self, request, obj, form, change):
        old = form.initial.get("original")
        old_name = getattr(old, "name", old) or ""
        if "original" in form.changed_data:
            obj.status, obj.failure_reason = SignLanguageVideo.Status.PROCESSING, ""
        super().save_model(request, obj, form, change)
        if "original" in form.changed_data:
            tasks.upload_changed(obj, old_name)
            self.message_user(request, gettext(
                "The video is being processed; it is shown once it is ready and published."))
