"""Admin tables whose editable cells can be told apart by a screen reader."""

from django import forms
from django.contrib import admin


def label_fields(form, row=""):
    """Gives every visible field of `form` an accessible name: its label, and the row."""
    for field in form.fields.values():
        if isinstance(field.widget, forms.HiddenInput):
            continue
        label = str(field.label or "")
        field.widget.attrs["aria-label"] = f"{label}: {row}" if row else label


class LabelledListEditable:
    """A ModelAdmin mixin: Django's list_editable renders its inputs in table cells
    without a label; each gets one ("active: <the row>") so that every form element of
    the admin has a name (axe's rule `label`)."""

    def get_changelist_form(self, request, **kwargs):
        base = super().get_changelist_form(request, **kwargs)

        class LabelledForm(base):
            def __init__(self, *args, **kwargs):
                super().__init__(*args, **kwargs)
                label_fields(self, str(self.instance) if self.instance.pk else "")

        return LabelledForm


class LabelledTabularInline(admin.TabularInline):
    """A TabularInline whose inputs are named by their column (Django labels only the
    column header, which is not tied to the inputs below it)."""

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        base = formset.form

        class LabelledForm(base):
            def __init__(self, *args, **kwargs):
                super().__init__(*args, **kwargs)
                label_fields(self)

        formset.form = LabelledForm
        return formset
