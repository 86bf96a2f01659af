"""Forms of the press office's decisions on a post. They only read the input; the
workflow checks the state, the actor and what a decision requires."""

from django import forms
from django.contrib.admin.widgets import AdminSplitDateTime
from django.utils.translation import gettext_lazy as _

from posts.models import ChecklistItem, MediaItem, Post
from posts.models.post import check_expiry


class ApproveForm(forms.Form):
    checklist = forms.ModelMultipleChoiceField(
        label=_("Checklist"),
        queryset=ChecklistItem.objects.filter(active=True),
        required=False,  # the workflow names every item left unticked
        widget=forms.CheckboxSelectMultiple,
    )
    publish_at = forms.DateTimeField(
        label=_("Publish at"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text=_("Only for scheduling. A time in the past publishes at once."),
    )
    note = forms.CharField(
        label=_("Note to the officer (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def clean(self):
        data = super().clean()
        # Two buttons share this form: "publish now" and "schedule".
        self.schedule = "schedule" in self.data
        if self.schedule and not data.get("publish_at") and "publish_at" not in self.errors:
            self.add_error("publish_at", _("Choose the date and time of publication."))
        if not self.schedule:
            data["publish_at"] = None
        return data


class NoteForm(forms.Form):
    """Request changes, reject, unpublish: each needs a note for the officer."""

    note = forms.CharField(
        label=_("Note to the officer"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class MediaReviewForm(forms.ModelForm):
    """An alt text in the post's change page; a photo always needs one."""

    class Meta:
        model = MediaItem
        fields = ["alt_text"]
        widgets = {"alt_text": forms.Textarea(attrs={"rows": 2})}

    def clean_alt_text(self):
        text = (self.cleaned_data.get("alt_text") or "").strip()
        if self.instance.kind == MediaItem.Kind.PHOTO and not text:
            raise forms.ValidationError(_("Every photo needs an alt text."))
        return text


class LabelledSplitDateTime(AdminSplitDateTime):
    """The admin's date and time inputs, each named for screen readers (the field's one
    <label> points at neither of them)."""

    def __init__(self, attrs=None):
        super().__init__(attrs)
        self.widgets[0].attrs["aria-label"] = _("End date")
        self.widgets[1].attrs["aria-label"] = _("End time")


class PostReviewForm(forms.ModelForm):
    """The post's change page; the workflow records what the press office changes."""

    class Meta:
        model = Post
        fields = ["caption", "place_name", "expires_at", "comments_closed"]
        widgets = {"expires_at": LabelledSplitDateTime}

    def clean_expires_at(self):
        value = self.cleaned_data.get("expires_at")
        if "expires_at" in self.changed_data:  # an end date that passed stays shown
            check_expiry(value)
        return value
