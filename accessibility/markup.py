"""The press office's text of a page in Leichte Sprache, as HTML.

A few rules the admin's help text names, and nothing else: an empty line starts a
paragraph, each line in it stays a line of its own (Leichte Sprache puts each sentence
on a new line), "## " and "### " start headings, "- " an item of a list, **word** is
bold (for a word that is explained), [text](/address/) a link to a page of this site or
to an https:// address. Everything else is text: it is escaped before any of the rules
applies, so no HTML of the author's reaches the page."""

import re

from django.utils.html import escape
from django.utils.safestring import mark_safe

LINK = re.compile(r"\[([^\]\n]+)\]\(([^)\s]+)\)")
BOLD = re.compile(r"\*\*([^*\n]+)\*\*")


def _safe_target(url):
    return (url.startswith("/") and not url.startswith("//")) or url.startswith("https://")


def _inline(text):
    def link(match):
        label, url = match.group(1), match.group(2)
        if not _safe_target(url):
            return match.group(0)
        return f'<a href="{url}">{label}</a>'

    return BOLD.sub(r"<strong>\1</strong>", LINK.sub(link, escape(text)))


def _blocks(text):
    block = []
    for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        if line.strip():
            block.append(line.strip())
        elif block:
            yield block
            block = []
    if block:
        yield block


def _flush(html, lines, items):
    if lines:
        html.append("<p>" + "<br>\n".join(lines) + "</p>")
        lines.clear()
    if items:
        html.append("<ul>" + "".join(f"<li>{item}</li>" for item in items) + "</ul>")
        items.clear()


def render(text):
    """The body as safe HTML."""
    html = []
    for block in _blocks(text):
        lines, items = [], []
        for line in block:
            if line.startswith(("## ", "### ")):
                _flush(html, lines, items)
                level = 3 if line.startswith("### ") else 2
                html.append(f"<h{level}>{_inline(line[level + 1:].strip())}</h{level}>")
            elif line.startswith("- "):
                if lines:
                    _flush(html, lines, items)
                items.append(_inline(line[2:].strip()))
            else:
                if items:
                    _flush(html, lines, items)
                lines.append(_inline(line))
        _flush(html, lines, items)
    return mark_safe("\n".join(html))  # noqa: S308 (every piece is escaped above)


def plain(text, limit=160):
    """The first lines as plain text, for a list of pages."""
    words = " ".join(LINK.sub(r"\1", BOLD.sub(r"\1", line.lstrip("#- ")))
                     for block in _blocks(text) for line in block).split()
    excerpt = " ".join(words)
    return excerpt if len(excerpt) <= limit else excerpt[:limit - 1].rsplit(" ", 1)[0] + " …"
