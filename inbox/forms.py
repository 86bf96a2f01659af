from django import forms
from django.utils.translation import gettext_lazy as _

from inbox.models import BODY_MAX, CannedReply, TriggerWord, find_triggers
from officers.models import Officer


def guidance_field():
    return forms.BooleanField(
        label=_("I have read the notice: this is not an emergency and not a crime report."),
        required=False,
    )


class GuidanceMixin:
    """Words that suggest an emergency or a crime report stop the message until the
    citizen has ticked that they read the guidance (static/js/inbox.js shows it while
    typing; this is the same check for browsers without JavaScript)."""

    guidance_fields = ("body",)

    def hint_words(self):
        if not hasattr(self, "_hint_words"):
            self._hint_words = TriggerWord.objects.words(TriggerWord.Kind.EMERGENCY_HINT)
        return self._hint_words

    @property
    def needs_guidance(self):
        return bool(self.data) and bool(find_triggers(
            " ".join(str(self.data.get(f, "")) for f in self.guidance_fields),
            self.hint_words()))

    def clean(self):
        cleaned = super().clean()
        if self.needs_guidance and not cleaned.get("guidance_read"):
            self.add_error("guidance_read", _(
                "Your message sounds like an emergency or a crime report. Please read the "
                "notice and confirm before sending."))
        return cleaned


class QuestionForm(GuidanceMixin, forms.Form):
    guidance_fields = ("subject", "body")

    subject = forms.CharField(label=_("Subject"), max_length=120)
    body = forms.CharField(
        label=_("Your question"), max_length=BODY_MAX,
        widget=forms.Textarea(attrs={"rows": 6, "maxlength": BODY_MAX}),
        help_text=_("Up to 2,000 characters. No personal details of other people."),
    )
    consent_public = forms.BooleanField(
        label=_("The officer may publish my question and the answer on the channel, "
                "without my name."),
        required=False,
    )
    guidance_read = guidance_field()


class ReplyForm(GuidanceMixin, forms.Form):
    body = forms.CharField(
        label=_("Your reply"), max_length=BODY_MAX,
        widget=forms.Textarea(attrs={"rows": 4, "maxlength": BODY_MAX}),
    )
    guidance_read = guidance_field()


class AnswerForm(forms.Form):
    body = forms.CharField(
        label=_("Your answer"), max_length=BODY_MAX,
        widget=forms.Textarea(attrs={"rows": 6, "maxlength": BODY_MAX}),
    )


class ReferForm(forms.Form):
    canned_reply = forms.ModelChoiceField(
        label=_("Referral text"), queryset=CannedReply.objects.not_for_this_channel(),
        empty_label=None,
    )


class ProposeForm(forms.Form):
    question = forms.CharField(
        label=_("Question"), max_length=BODY_MAX, widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Shown publicly without the citizen's name. Remove anything personal."),
    )
    answer = forms.CharField(
        label=_("Answer"), max_length=BODY_MAX, widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Shown publicly."),
    )


class AssignForm(forms.Form):
    officer = forms.ModelChoiceField(
        label=_("Assign to"), queryset=Officer.objects.active(), required=False,
        empty_label=_("(back to the addressed officer)"),
    )


class ReasonForm(forms.Form):
    note = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))
