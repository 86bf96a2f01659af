from django import template

from portal import admin_history

register = template.Library()


@register.filter
def change_message(entry):
    """``{{ action|change_message }}``: a history entry in the reader's language."""
    return admin_history.describe(entry)
