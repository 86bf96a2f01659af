"""Template helpers for the second-factor pages (templates/mfa/)."""

from django import template
from django.utils.translation import gettext as _

from portal.accounts import work_home_url as _work_home_url
from portal.roles import is_officer_account, is_press_office

register = template.Library()


@register.filter
def in_groups(secret, size=4):
    """An authenticator secret in short groups ("ABCD EFGH ..."), easier to read and to
    type than 32 letters in a row; apps ignore the spaces."""
    secret = str(secret)
    return " ".join(secret[i:i + size] for i in range(0, len(secret), size))


@register.simple_tag(takes_context=True)
def work_home_url(context):
    return _work_home_url(context["request"].user)


@register.simple_tag(takes_context=True)
def work_home_label(context):
    """The name of the place work_home_url leads to, for its link."""
    user = context["request"].user
    if is_officer_account(user):
        return _("Continue to the studio")
    if is_press_office(user) or user.is_staff:
        return _("Continue to the administration")
    return _("Continue")
