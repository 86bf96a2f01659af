from django.contrib.admin import helpers
from django.template.response import TemplateResponse


def ask_in_between(modeladmin, request, queryset, form, *, title, action, button):
    """The page between choosing an action and applying it: it asks for what the action
    needs (an officer, a reason) and posts the selection back with `apply`."""
    return TemplateResponse(request, "inbox/admin/action_form.html", {
        **modeladmin.admin_site.each_context(request),
        "title": title,
        "opts": modeladmin.model._meta,
        "form": form,
        "queryset": queryset,
        "action": action,
        "button": button,
        "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
    })
