from django import forms
from django.utils.translation import gettext_lazy as _

from accessibility.models.feedback import MESSAGE_MAX_LENGTH
from portal.formguard import GuardedForm


def local_page(value):
    """A path on this site (where the sender came from), or nothing."""
    value = (value or "").strip()
    if not value.startswith("/") or value.startswith("//") or "\\" in value:
        return ""
    return value[:300]


class FeedbackForm(GuardedForm):
    message = forms.CharField(
        label=_("Your message"), max_length=MESSAGE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Which barrier did you find, and where? What did you want to do? "
                    "At most %(max)s characters."))
    name = forms.CharField(label=_("Your name (optional)"), max_length=120, required=False,
                           widget=forms.TextInput(attrs={"autocomplete": "name"}))
    email = forms.EmailField(
        label=_("Your e-mail address (optional)"), required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        help_text=_("Only if you would like an answer by e-mail. We use it for nothing "
                    "else."))
    page = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        message = self.fields["message"]
        message.help_text = str(message.help_text) % {"max": MESSAGE_MAX_LENGTH}

    def clean_message(self):
        message = self.cleaned_data["message"].strip()
        if not message:
            raise forms.ValidationError(_("Please write your message."), code="required")
        return message

    def clean_page(self):
        return local_page(self.cleaned_data.get("page"))
