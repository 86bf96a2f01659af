"""'Problem melden': any reader reports a problem with a published post, no account
needed. The form is a page of its own (the post page is stored for all readers and
carries no form, see portal/pagecache.py); a report lands in the press office's queue
(posts/admin/problems.py).

No account means no verified address to hold anyone to, so the form keeps robots out
in three ways, none of which asks a reader to solve anything: a rate limit per address
(RATE_LIMITS["problem_report"]), a field people never see and robots fill in, and a
signed token naming the post and the time the form was shown (a form sent within
PROBLEM_REPORT_MIN_SECONDS, or one made for another post, is refused).
"""

import time

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core import signing
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from portal.push.kinds import Kind
from portal.push.service import notify
from portal.ratelimit import allow
from portal.roles import press_office_members
from posts.models import ProblemReport
from posts.models.problems import PROBLEM_TEXT_MAX
from posts.views.post import published_post

TOKEN_SALT = "posts.problem-report"  # noqa: S105 (a salt, not a secret)
TOKEN_MAX_AGE = 24 * 3600


def form_token(post):
    return signing.dumps({"post": post.pk, "at": time.time()}, salt=TOKEN_SALT)


class ProblemReportForm(forms.Form):
    reason = forms.ChoiceField(
        label=gettext_lazy("What is the problem?"), choices=ProblemReport.Reason.choices,
        widget=forms.RadioSelect,
        error_messages={"required": gettext_lazy("Please choose what the problem is.")},
    )
    that_is_me = forms.BooleanField(
        label=gettext_lazy("The recognisable person is me"), required=False,
        help_text=gettext_lazy("Only if you chose “A person or a number plate is "
                               "recognisable”. The press office then treats it with priority."),
    )
    photo = forms.TypedChoiceField(
        label=gettext_lazy("Which photo?"), required=False, coerce=int, empty_value=None,
    )
    text = forms.CharField(
        label=gettext_lazy("What should the press office know? (optional)"), required=False,
        max_length=PROBLEM_TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 4, "maxlength": PROBLEM_TEXT_MAX}),
        help_text=gettext_lazy("Please do not write down personal details of other people."),
    )
    email = forms.EmailField(
        label=gettext_lazy("Your e-mail address (optional)"), required=False, max_length=254,
        help_text=gettext_lazy("Only if you want to hear what the press office did."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    # Robots fill in every field; people never see this one (visually hidden, out of the
    # tab order, hidden from screen readers).
    website = forms.CharField(required=False, label=gettext_lazy("Leave this field empty"),
                              widget=forms.TextInput(attrs={"tabindex": "-1",
                                                            "autocomplete": "off"}))
    token = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, *args, post, **kwargs):
        super().__init__(*args, **kwargs)
        self.post = post
        self.photos = [m for m in post.media.all() if m.is_photo]
        self.fields["photo"].choices = [("", _("All photos of the post"))] + [
            (m.pk, _("Photo %(number)d") % {"number": number})
            for number, m in enumerate(self.photos, 1)
        ]
        if len(self.photos) < 2:
            self.fields["photo"].widget = forms.HiddenInput()
        self.robot = False

    def clean_token(self):
        try:
            data = signing.loads(self.cleaned_data["token"], salt=TOKEN_SALT,
                                 max_age=TOKEN_MAX_AGE)
        except signing.BadSignature:
            raise forms.ValidationError(
                _("This form has expired. Please check your entries and send it again."),
                code="expired") from None
        if data.get("post") != self.post.pk:
            raise forms.ValidationError(_("This form belongs to another post."),
                                        code="other_post")
        if time.time() - data.get("at", 0) < settings.PROBLEM_REPORT_MIN_SECONDS:
            raise forms.ValidationError(
                _("That was very fast. Please check your entries and send the form again."),
                code="too_fast")
        return data

    def clean(self):
        data = super().clean()
        if data.get("website"):
            self.robot = True
        if data.get("reason") != ProblemReport.Reason.RECOGNISABLE:
            data["that_is_me"] = False
        return data

    def chosen_photo(self):
        photo = self.cleaned_data.get("photo")
        return next((m for m in self.photos if m.pk == photo), None)

    def clean_photo(self):
        photo = self.cleaned_data.get("photo")
        if photo is not None and photo not in {m.pk for m in self.photos}:
            raise forms.ValidationError(_("This photo is not part of the post."),
                                        code="foreign_photo")
        return photo


def _page(request, post, form, status=200, error=None):
    if form.is_bound and "token" in form.errors:
        # A new token, so that sending the form again works.
        form.data = form.data.copy()
        form.data["token"] = form_token(post)
    return render(request, "posts/problem_report.html", {
        "post": post, "officer": post.officer, "form": form, "error": error,
        "retention_days": settings.PROBLEM_REPORT_RETENTION_DAYS,
    }, status=status)


@login_not_required
@require_http_methods(["GET", "POST"])
def report_problem(request, handle, post_id):
    """The form (GET) and the report (POST) of a problem with a published post."""
    post = published_post(handle, post_id)
    if request.method == "GET":
        initial = {"token": form_token(post)}
        photo = request.GET.get("photo", "")
        if photo.isdigit() and int(photo) in {m.pk for m in post.media.all()}:
            initial["photo"] = int(photo)
        return _page(request, post, ProblemReportForm(initial=initial, post=post))

    form = ProblemReportForm(request.POST, post=post)
    if not form.is_valid():
        return _page(request, post, form, status=400)
    thanks = _("Thank you. The press office will look at your report.")
    if form.robot:
        # Told the same as a person, so a robot learns nothing; nothing is stored.
        messages.success(request, thanks)
        return redirect(post.get_absolute_url())
    if not allow(request, "problem_report"):
        return _page(request, post, form, status=429, error=_(
            "That was a lot in a short time. Please wait a moment and try again."))
    data = form.cleaned_data
    report = ProblemReport.objects.create(
        post=post, media=form.chosen_photo(), reason=data["reason"], that_is_me=data["that_is_me"],
        text=data["text"].strip(), email=data["email"],
        reporter=request.user if request.user.is_authenticated else None,
        language=(get_language() or settings.LANGUAGE_CODE)[:8],
    )
    # The press office's phones, if chosen: the kind and the link, never the reader's words.
    notify(Kind.PROBLEM_REPORTED, reverse("admin:posts_problemreport_change", args=[report.pk]),
           press_office_members())
    messages.success(request, thanks)
    return redirect(post.get_absolute_url())
