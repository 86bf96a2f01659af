"""The studio's post form: caption, place, 1–10 photos with alt text or one video.

Every upload is inspected (type from content, size, pixels, duration) before anything
is stored, and the post and its media rows are written in one transaction; if that
fails, the files already stored are deleted again. So a refused or failed upload
leaves neither a row nor a file behind (DESIGN principle 4).
"""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.defaultfilters import truncatechars
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from portal.media import processing
from portal.media.storage import (
    StoredFiles,
    delete_after_commit,
    delete_files,
    private_storage,
)
from posts import media as media_store
from posts import tasks
from posts import uploads as uploads_store
from posts.models import MediaItem, Post
from posts.models.post import MAX_PHOTOS, check_expiry

ALT_TEXT_MAX = 1000
ALT_TEXT_HELP = _(
    "Required for every photo. Describe what it shows, for people who cannot see it: "
    "screen readers read it aloud. Shown publicly; no names or case details."
)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """A file field that takes any number of files (from one or more inputs). Each file
    is checked by the form with `inspect_upload`, which names the file in its message."""

    widget = MultipleFileInput

    def clean(self, data, initial=None):
        if not data:
            return []
        return list(data) if isinstance(data, list | tuple) else [data]


class PostForm(forms.ModelForm):
    """New post and edit draft. New uploads come as `media` files with one `alt_text`
    value per file, in the same order (the studio page sends them so, with or without
    JavaScript). On edit, existing photos get an `alt_<id>` field and can be removed."""

    media = MultipleFileField(label=_("Photos or video"), required=False)
    subtitles = forms.FileField(
        label=_("Subtitles (WebVTT)"), required=False,
        help_text=_("Optional, for a video: a .vtt file, so that people who cannot hear "
                    "it can read along."),
    )
    subtitles_language = forms.ChoiceField(
        label=_("Language of the subtitles"), choices=MediaItem._meta.get_field(
            "subtitles_language").choices, required=False,
    )
    remove = forms.ModelMultipleChoiceField(
        label=_("Remove"), queryset=MediaItem.objects.none(), required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    remove_subtitles = forms.BooleanField(label=_("Remove the subtitles"), required=False)

    class Meta:
        model = Post
        fields = ["caption", "place_name", "expires_at"]
        widgets = {
            "expires_at": forms.DateTimeInput(attrs={"type": "datetime-local"},
                                              format="%Y-%m-%dT%H:%M"),
            "caption": forms.Textarea(attrs={"rows": 5, "maxlength": 2200}),
            "place_name": forms.TextInput(attrs={"autocomplete": "off"}),
        }

    def __init__(self, *args, uploader=None, alt_required=True, **kwargs):
        """`uploader` is the officer whose finished resumable uploads the form may take
        (their ids come as `upload` values, after the `media` files). A shared file has
        no alt text yet: `alt_required=False` lets it become a draft, which cannot be
        submitted until every photo has one."""
        super().__init__(*args, **kwargs)
        self.uploader, self.alt_required = uploader, alt_required
        self.resumed = []  # finished resumable uploads the form takes
        self.existing = list(self.instance.media.all()) if self.instance.pk else []
        self.fields["remove"].queryset = (
            self.instance.media.all() if self.instance.pk else MediaItem.objects.none()
        )
        for item in self.existing:
            if item.is_photo:
                self.fields[f"alt_{item.pk}"] = forms.CharField(
                    label=_("Alt text"), max_length=ALT_TEXT_MAX, initial=item.alt_text,
                    help_text=ALT_TEXT_HELP, widget=forms.Textarea(attrs={"rows": 2}),
                    required=False,  # required unless removed: checked in clean()
                )
        video = self.video_item
        self.fields["subtitles_language"].initial = (
            video.subtitles_language if video else settings.LANGUAGE_CODE
        )
        self.new_items = []  # (upload, UploadInfo, alt text) once valid

    # --- For the template ------------------------------------------------------------

    def existing_rows(self):
        removed = {str(v) for v in (self.data.getlist("remove") if self.is_bound else [])}
        return [
            {
                "item": item,
                "alt": self[f"alt_{item.pk}"] if item.is_photo else None,
                "removed": str(item.pk) in removed,
            }
            for item in self.existing
        ]

    def alt_slots(self):
        """Values for the alt text fields of new files (kept when the form comes back)."""
        typed = self.data.getlist("alt_text") if self.is_bound else []
        return [
            {"number": n, "value": typed[n - 1] if n <= len(typed) else ""}
            for n in range(1, MAX_PHOTOS + 1)
        ]

    @property
    def upload_max_bytes(self):
        return settings.UPLOAD_MAX_BYTES

    @property
    def resumable_piece_bytes(self):
        return settings.RESUMABLE_CLIENT_PIECE_BYTES

    @property
    def video_item(self):
        return next((m for m in self.existing if not m.is_photo), None)

    # --- Validation ------------------------------------------------------------------

    def clean_expires_at(self):
        value = self.cleaned_data.get("expires_at")
        check_expiry(value)
        return value

    def clean(self):
        cleaned = super().clean()
        uploads = list(cleaned.get("media") or [])
        if self.is_bound and self.data.getlist("upload"):
            self.resumed = self.uploader and uploads_store.finished(
                self.uploader, self.data.getlist("upload"))
            if not self.resumed:
                self.add_error("media", _(
                    "An upload was not found or has expired. Please choose the file again."))
                return cleaned
            uploads += [uploads_store.open_file(upload) for upload in self.resumed]
        removed = set(cleaned.get("remove") or [])
        kept = [m for m in self.existing if m not in removed]
        alt_texts = self.data.getlist("alt_text") if self.is_bound else []

        new_items, broken = [], False
        for index, upload in enumerate(uploads):
            try:
                info = processing.inspect_upload(upload)
            except ValidationError as exc:
                broken = True
                for message in exc.messages:
                    self.add_error("media", _file_error(index, upload, message))
                continue
            alt = (alt_texts[index] if index < len(alt_texts) else "").strip()
            new_items.append((upload, info, alt))
        if broken or "media" in self.errors:
            return cleaned

        photos = [m for m in kept if m.is_photo] + [i for i in new_items if i[1].kind == "photo"]
        videos = [m for m in kept if not m.is_photo] + [
            i for i in new_items if i[1].kind == "video"
        ]
        total = len(photos) + len(videos)
        if total == 0:
            self.add_error("media", _("Add at least one photo or a video."))
        elif videos and total > 1:
            self.add_error("media", _("A post has either photos or one video, not both, and "
                                      "at most one video."))
        elif len(photos) > MAX_PHOTOS:
            self.add_error("media", ngettext(
                "A post has at most %(max)d photos; this one would have %(count)d.",
                "A post has at most %(max)d photos; this one would have %(count)d.",
                len(photos),
            ) % {"max": MAX_PHOTOS, "count": len(photos)})

        for index, (upload, info, alt) in enumerate(new_items):
            if info.kind == "photo" and not alt and self.alt_required:
                self.add_error(None, _file_error(index, upload, _(
                    "Please add an alt text: describe what the photo shows, for people who "
                    "cannot see it.")))
            elif len(alt) > ALT_TEXT_MAX:
                self.add_error(None, _file_error(index, upload, _(
                    "The alt text is too long (at most %(max)d characters).") % {
                        "max": ALT_TEXT_MAX}))
        for item in kept:
            if item.is_photo and not (cleaned.get(f"alt_{item.pk}") or "").strip():
                self.add_error(f"alt_{item.pk}", _(
                    "Please add an alt text: describe what the photo shows, for people who "
                    "cannot see it."))

        subtitles = cleaned.get("subtitles")
        if subtitles:
            if not videos:
                self.add_error("subtitles", _("Subtitles belong to a video; this post has none."))
            else:
                try:
                    cleaned["subtitles_text"] = media_store.clean_subtitles(subtitles)
                except ValidationError as exc:
                    self.add_error("subtitles", exc)
        self.new_items = new_items
        return cleaned

    # --- Saving ----------------------------------------------------------------------

    def save(self, *, officer=None, author=None):
        """Write the post and its media in one transaction and queue the processing.
        If anything fails, files stored so far are deleted and the error is raised.
        New subtitles are written before the transaction, entered in the journal of
        pending files, and taken off it by the transaction that names them: a process
        killed in between leaves them to the sweep, never online without a row."""
        private = []
        subtitles = self._write_subtitles()
        try:
            with transaction.atomic():
                post = super().save(commit=False)
                if post.pk is None:
                    post.officer, post.author = officer, author
                post.save()
                self._update_existing(post, subtitles)
                new_ids = self._store_new(post, private, subtitles)
                tasks.enqueue_processing(new_ids)
                uploads_store.used(self.resumed)
                if subtitles is not None:
                    subtitles.keep()
        except BaseException:
            delete_files(private_storage(), private)
            if subtitles is not None:
                subtitles.discard()
            raise
        return post

    def _write_subtitles(self):
        """The new subtitle file, in the store of the video it belongs to (private for a
        new one), journaled; None when none was sent."""
        text = self.cleaned_data.get("subtitles_text")
        if text is None:
            return None
        video = self.video_item
        removed = set(self.cleaned_data.get("remove") or [])
        files = StoredFiles(public=bool(video and video not in removed and video.files_public))
        # As subtitles_upload_to names them: "subtitles/ab/<token>.vtt".
        files.save("subtitles", "vtt", media_store.subtitles_file(text))
        return files

    def _update_existing(self, post, subtitles):
        removed = set(self.cleaned_data.get("remove") or [])
        for item in removed:
            item.delete()  # its files go once the transaction commits
        for item in self.existing:
            if item in removed or not item.is_photo:
                continue
            alt = self.cleaned_data[f"alt_{item.pk}"].strip()
            if alt != item.alt_text:
                item.alt_text = alt
                item.save(update_fields=["alt_text"])
        video = next((m for m in self.existing if not m.is_photo and m not in removed), None)
        if video is not None:
            self._set_subtitles(video, subtitles)

    def _store_new(self, post, private, subtitles):
        start = max((m.position for m in self.existing), default=-1) + 1
        ids = []
        for offset, (upload, info, alt) in enumerate(self.new_items):
            item = MediaItem(
                post=post, kind=info.kind, position=start + offset, alt_text=alt,
                width=info.width, height=info.height, duration=info.duration,
            )
            media_store.store_original(item, upload)
            private.append(item.original.name)
            if info.kind == "video":
                self._set_subtitles(item, subtitles, save=False)
            item.save()
            ids.append(item.pk)
        return ids

    def _set_subtitles(self, item, subtitles, save=True):
        language = self.cleaned_data.get("subtitles_language")
        old = item.subtitles.name
        if subtitles is not None:
            item.subtitles.name = subtitles.names[-1]
        elif self.cleaned_data.get("remove_subtitles"):
            item.subtitles = ""
        if language:
            item.subtitles_language = language
        if old and old != item.subtitles.name:
            delete_after_commit(**{"public" if item.files_public else "private": [old]})
        if save:
            item.save(update_fields=["subtitles", "subtitles_language"])


def _file_error(index, upload, message):
    return _("File %(number)d (%(name)s): %(message)s") % {
        "number": index + 1, "name": truncatechars(upload.name or "", 60), "message": message,
    }


def error_messages(form):
    """All errors of a form as sentences, for the JSON answer to the upload script."""
    messages = list(form.non_field_errors())
    for name, errors in form.errors.items():
        if name == "__all__":
            continue
        label = form.fields[name].label if name in form.fields else name
        messages += [f"{label}: {e}" for e in errors]
    return messages
