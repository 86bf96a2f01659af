"""The form that corrects a published post, in the admin (the press office, who may also
replace a photo) and in the studio (the officer). It reads the input; posts.corrections
checks and applies it."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal.media import processing
from posts import workflow
from posts.models.corrections import REASON_MAX


class CorrectionForm(forms.Form):
    caption = forms.CharField(
        label=gettext_lazy("Caption"), required=False, max_length=workflow.CAPTION_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    reason = forms.CharField(
        label=gettext_lazy("Reason for the correction (shown publicly)"), max_length=REASON_MAX,
        help_text=gettext_lazy("Shown under the post with the date, e.g. “Ort richtiggestellt” "
                               "or “Unbeteiligte Person war erkennbar”. No case details, no "
                               "names."),
        widget=forms.TextInput(attrs={"maxlength": REASON_MAX}),
        error_messages={"required": gettext_lazy(
            "Give a short reason for the correction: it is shown publicly with the post.")},
    )

    def __init__(self, *args, post, allow_replace=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.post = post
        self.allow_replace = allow_replace
        self.fields["caption"].initial = post.caption
        self.items = []
        media = list(post.media.all())
        for number, item in enumerate(media, 1):
            names = {"alt": f"alt_{item.pk}"}
            self.fields[names["alt"]] = forms.CharField(
                label=_("Alt text of photo %(number)d") % {"number": number},
                required=False, initial=item.alt_text, max_length=workflow.ALT_TEXT_MAX_LENGTH,
                widget=forms.Textarea(attrs={"rows": 2}))
            if len(media) > 1:
                names["remove"] = f"remove_{item.pk}"
                self.fields[names["remove"]] = forms.BooleanField(
                    label=_("Remove photo %(number)d") % {"number": number}, required=False)
            if allow_replace and item.is_photo:
                names.update(replace=f"replace_{item.pk}", replace_alt=f"replace_alt_{item.pk}")
                self.fields[names["replace"]] = forms.FileField(
                    label=_("Replace photo %(number)d with") % {"number": number},
                    required=False)
                self.fields[names["replace_alt"]] = forms.CharField(
                    label=_("Alt text of the new photo %(number)d") % {"number": number},
                    required=False, max_length=workflow.ALT_TEXT_MAX_LENGTH,
                    widget=forms.Textarea(attrs={"rows": 2}))
            self.items.append({"number": number, "item": item,
                               **{key: self[name] for key, name in names.items()}})

    def clean(self):
        data = super().clean()
        replaced = [entry for entry in self.items
                    if entry.get("replace") and data.get(entry["replace"].name)]
        if len(replaced) > 1:
            raise ValidationError(_("Replace one photo at a time."), code="one_at_a_time")
        self.replace = None
        if replaced:
            entry = replaced[0]
            upload = data[entry["replace"].name]
            try:
                info = processing.inspect_upload(upload)
            except ValidationError as exc:
                self.add_error(entry["replace"].name, exc)
                return data
            if info.kind != "photo":
                self.add_error(entry["replace"].name, _("Replace a photo with a photo."))
                return data
            upload.seek(0)
            self.replace = (entry["item"].pk, upload, data.get(entry["replace_alt"].name, ""))
        return data

    def changes(self):
        """Keyword arguments for posts.corrections.correct()."""
        data = self.cleaned_data
        return {
            "reason": data["reason"],
            "caption": data["caption"],
            "alt_texts": {entry["item"].pk: data[entry["alt"].name] for entry in self.items},
            "remove": [entry["item"].pk for entry in self.items
                       if entry.get("remove") and data.get(entry["remove"].name)],
            "replace": self.replace,
        }
