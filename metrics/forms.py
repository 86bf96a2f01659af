from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from metrics import sources
from metrics.figures import Period

DEFAULT_DAYS = 30
MAX_DAYS = 731


class PeriodForm(forms.Form):
    """The period picker: the last 7, 30 or 90 days, or from/to. Read from GET, so a
    period can be bookmarked and the CSV link carries the same query."""

    period = forms.ChoiceField(
        label=_("Period"),
        required=False,
        choices=[
            ("7", _("Last 7 days")),
            ("30", _("Last 30 days")),
            ("90", _("Last 90 days")),
            ("custom", _("From – to")),
        ],
        initial=str(DEFAULT_DAYS),
    )
    first = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    last = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def clean(self):
        data = super().clean()
        first, last = data.get("first"), data.get("last")
        if data.get("period") == "custom" or (not data.get("period") and (first or last)):
            if not (first and last):
                raise forms.ValidationError(_("Give both dates, from and to."))
            if first > last:
                raise forms.ValidationError(_("The start date is after the end date."))
            if (last - first).days >= MAX_DAYS:
                raise forms.ValidationError(
                    _("Choose at most %(days)s days.") % {"days": MAX_DAYS}
                )
            data["period"] = "custom"
        return data

    def get_period(self, today=None):
        """The chosen period, or the last 30 days when the choice is missing or wrong."""
        today = today or timezone.localdate()
        if not self.is_bound or not self.is_valid():
            return Period.last_days(DEFAULT_DAYS, today)
        choice = self.cleaned_data.get("period") or str(DEFAULT_DAYS)
        if choice == "custom":
            return Period(self.cleaned_data["first"], self.cleaned_data["last"])
        return Period.last_days(int(choice), today)


class AdminPeriodForm(PeriodForm):
    """The press office may also narrow the charts to one officer."""

    officer = forms.ModelChoiceField(
        label=_("Officer"),
        required=False,
        queryset=sources.officers_for_choice(),
        to_field_name="handle",
        empty_label=_("All officers"),
    )

    def get_officer(self):
        if self.is_bound and self.is_valid():
            return self.cleaned_data.get("officer")
        return None
