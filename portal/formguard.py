"""Keeping machines out of a public form that needs no account (the feedback on barriers),
without a puzzle for people
(a CAPTCHA is itself a barrier, WCAG 1.1.1): a field people do not see and leave empty,
and a signed note of when the form was handed out. A form sent back faster than a
person can write, much later, or with a note not made by us is refused with a message
that says what to do; what the rate limit (portal.ratelimit) lets through stays small."""

import time

from django import forms
from django.core import signing
from django.utils.translation import gettext_lazy as _

SALT = "portal.formguard.form-issued"
MIN_SECONDS = 3
MAX_SECONDS = 24 * 60 * 60

MSG_FORGED = _("This form could not be checked: it is too old or has been changed. "
               "Please send it again from this page.")
MSG_TOO_FAST = _("This form was sent too quickly. Please check your message and send it "
                 "again.")
MSG_TRAP = _("Please leave the field “Website” empty: it is there to catch automatic "
             "senders.")


def issued_token(now=None):
    return signing.dumps(int(now if now is not None else time.time()), salt=SALT)


class GuardedForm(forms.Form):
    """A form with the two guards; subclasses add their fields."""

    issued = forms.CharField(widget=forms.HiddenInput)
    # Hidden by CSS (.trap) and from screen readers (aria-hidden on its wrapper), out of
    # the tab order; autocomplete off, so a browser never fills it in. The template
    # renders both fields itself: {{ form.issued }} and, inside <div class="trap"
    # aria-hidden="true">, {{ form.website.label_tag }} {{ form.website }}.
    website = forms.CharField(label=_("Website"), required=False, widget=forms.TextInput(
        attrs={"tabindex": "-1", "autocomplete": "off"}))

    def __init__(self, *args, now=None, **kwargs):
        self.now = now if now is not None else time.time()
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("issued", issued_token(self.now))

    def clean_issued(self):
        try:
            issued = signing.loads(self.cleaned_data["issued"], salt=SALT)
        except signing.BadSignature:
            raise forms.ValidationError(MSG_FORGED, code="forged") from None
        if not isinstance(issued, int) or self.now - issued > MAX_SECONDS:
            raise forms.ValidationError(MSG_FORGED, code="forged")
        if self.now - issued < MIN_SECONDS:
            raise forms.ValidationError(MSG_TOO_FAST, code="too_fast")
        return issued

    def clean_website(self):
        if self.cleaned_data.get("website"):
            raise forms.ValidationError(MSG_TRAP, code="trap")
        return ""

    def guard_errors(self):
        """The guards' messages, shown above the form (their fields are hidden)."""
        return [*self.errors.get("issued", []), *self.errors.get("website", [])]
