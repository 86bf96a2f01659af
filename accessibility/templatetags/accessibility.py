"""Template helpers of the accessibility app: Leichte Sprache as HTML, durations."""

from django import template
from django.utils.translation import gettext

from accessibility import markup

register = template.Library()


@register.filter
def easy_language(text):
    return markup.render(text)


@register.filter
def excerpt(text):
    return markup.plain(text)


@register.filter
def minutes_seconds(seconds):
    """"1:05 min" for 65 seconds, as a download link names a video's length."""
    if seconds is None:
        return ""
    total = round(seconds)
    return gettext("%(minutes)d:%(seconds)02d min") % {"minutes": total // 60,
                                                      "seconds": total % 60}
