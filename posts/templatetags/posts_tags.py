"""Template filters for showing posts: safe captions and absolute URLs."""

import re
from urllib.parse import urlencode

from django import template
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.html import escape
from django.utils.safestring import mark_safe

from officers.models import web_url_validator
from posts.models import Correction

register = template.Library()

# Only http(s) URLs are ever linked, so "javascript:" and friends stay plain text.
_TOKENS = re.compile(
    r"(?P<url>\bhttps?://[^\s<>\"'`]+)|(?<![\w&#/])#(?P<tag>\w{1,50})", re.IGNORECASE
)
_TRAILING = ".,;:!?'\")]}"


def _split_url(candidate):
    """A URL found in text, and the punctuation after it that belongs to the sentence."""
    url = candidate.rstrip(_TRAILING)
    # Keep a closing parenthesis that closes one inside the URL (Wikipedia links).
    while (
        len(url) < len(candidate)
        and candidate[len(url)] == ")"
        and url.count("(") > url.count(")")
    ):
        url += ")"
    return url, candidate[len(url):]


def _link_url(url):
    try:
        web_url_validator(url)
    except ValidationError:
        return escape(url)
    text = url if len(url) <= 60 else url[:57] + "…"
    return f'<a href="{escape(url)}" rel="nofollow ugc noopener">{escape(text)}</a>'


@register.filter(is_safe=True)
def caption(text, tag_base=""):
    """Plain text to HTML: everything escaped, http(s) links and #hashtags clickable,
    line breaks kept. Hashtags link to `tag_base?tag=…` (the channel) when given.

    Never trusts the text: it is split into tokens and every piece is escaped on its own,
    so no part of a caption is ever output as HTML."""
    text = str(text or "").replace("\r\n", "\n").replace("\r", "\n")
    out, pos = [], 0
    for match in _TOKENS.finditer(text):
        out.append(escape(text[pos:match.start()]))
        if match.group("url"):
            url, rest = _split_url(match.group("url"))
            out.append(_link_url(url) + escape(rest))
        else:
            tag = match.group("tag")
            if tag_base:
                href = f"{tag_base}?{urlencode({'tag': tag.lower()})}"
                out.append(f'<a href="{escape(href)}" class="hashtag">#{escape(tag)}</a>')
            else:
                out.append(f"#{escape(tag)}")
        pos = match.end()
    out.append(escape(text[pos:]))
    return mark_safe("".join(out).replace("\n", "<br>\n"))  # noqa: S308 (every piece escaped)


@register.filter
def absolute(url):
    """An absolute URL for links that leave the site (feeds, social previews)."""
    url = str(url or "")
    if not url or url.startswith(("http://", "https://")):
        return url
    return settings.SITE_URL.rstrip("/") + "/" + url.lstrip("/")


@register.simple_tag
def public_corrections(post):
    """The corrections the post page lists under "korrigiert am …" (one query, asked only
    for a post with corrected_at set)."""
    return list(Correction.objects.filter(post_id=post.pk).public())
