"""The text of a Note from another server, as plain text for our pages.

Remote servers send HTML (Mastodon: paragraphs, line breaks, links, mention and hashtag
spans). Our comments and messages are plain text, shown escaped like a citizen's, so no
remote markup ever reaches a page: the HTML is parsed (Python's own parser, no
dependency), its text kept, paragraphs and line breaks as new lines, links as their
text, scripts and styles dropped whole. The mentions of our own accounts that Mastodon
puts before every reply ("@isabel_polizeikl ") are dropped too: on our page the reply
is under the post already."""

import re
from html import unescape
from html.parser import HTMLParser

# Markup beyond this is refused before it is parsed (a long reply is a few kB).
MAX_HTML = 20_000
BLOCKS = {"p", "div", "blockquote", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6",
          "pre", "tr"}
SKIPPED = {"script", "style", "template", "head", "title"}


class TooLong(ValueError):
    pass


class _Text(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts = []
        self.skipping = 0

    def handle_starttag(self, tag, attrs):
        if tag in SKIPPED:
            self.skipping += 1
        elif tag == "br":
            self.parts.append("\n")
        elif tag in BLOCKS:
            self.parts.append("\n\n")

    def handle_startendtag(self, tag, attrs):
        if tag == "br":
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag in SKIPPED:
            self.skipping = max(0, self.skipping - 1)
        elif tag in BLOCKS:
            self.parts.append("\n\n")

    def handle_data(self, data):
        if not self.skipping:
            self.parts.append(data)


def plain_text(html, drop_mentions=()):
    """The text of `html`; leading mentions of the names in `drop_mentions` (such as
    "@isabel_polizeikl" or "@isabel_polizeikl@revier.example") removed."""
    html = html if isinstance(html, str) else ""
    if len(html) > MAX_HTML:
        raise TooLong(f"more than {MAX_HTML} characters of markup")
    parser = _Text()
    parser.feed(html)
    parser.close()
    text = unescape("".join(parser.parts)).replace("\r", "")
    text = "\n".join(" ".join(line.split()) for line in text.split("\n"))
    text = re.sub(r"\n{3,}", "\n\n", text).strip()
    names = {n.lower().lstrip("@") for n in drop_mentions if n}
    while names:
        match = re.match(r"@([^\s@]+)(@[^\s]+)?\s*", text)
        if not match or match.group(1).lower() not in names and \
                (match.group(0).strip().lower().lstrip("@") not in names):
            break
        text = text[match.end():]
    return text.strip()
