"""'Problem melden': any reader reports a problem with a published post, no account
needed. The form is a page of its own (the post page is stored for all readers and
carries no form, see portal/pagecache.py); a report lands in the press office's queue
(posts/admin/problems.py).

No account means no verified address to hold anyone to, so the form keeps machines out
as the portal's other public form does (portal.formguard: a field people never see, a
signed note of when the form was handed out) and is rate-limited per address
(RATE_LIMITS["problem_report"]); nothing asks a reader to solve a puzzle.
"""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from portal.formguard import GuardedForm, issued_token
from portal.push.kinds import Kind
from portal.push.service import notify
from portal.ratelimit import allow
from portal.roles import press_office_members
from posts.models import ProblemReport
from posts.models.problems import PROBLEM_TEXT_MAX
from posts.views.post import published_post


class ProblemReportForm(GuardedForm):
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

    def clean(self):
        data = super().clean()
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
    if form.is_bound and form.guard_errors():
        # A new note of when the form was handed out, so that sending it again works.
        form.data = form.data.copy()
        form.data["issued"] = issued_token()
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
        initial = {}
        photo = request.GET.get("photo", "")
        if photo.isdigit() and int(photo) in {m.pk for m in post.media.all()}:
            initial["photo"] = int(photo)
        return _page(request, post, ProblemReportForm(initial=initial, post=post))

    form = ProblemReportForm(request.POST, post=post)
    if not form.is_valid():
        return _page(request, post, form, status=400)
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
    messages.success(request, _("Thank you. The press office will look at your report."))
    return redirect(post.get_absolute_url())
