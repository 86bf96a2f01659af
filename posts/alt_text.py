"""Hints on alt texts that do not help people who cannot see the photo. They warn and
never block: the officer decides (a short text can be right), the press office sees the
same hints in review."""

import re

from django.utils.translation import gettext_lazy as _

# Fewer words than this rarely describe a photo ("Streifenwagen vor dem Rathaus" has 4).
MIN_WORDS = 3

# Words that say only that there is a picture; screen readers announce that already.
PLACEHOLDER_WORDS = frozenset({
    "bild", "foto", "photo", "image", "picture", "img", "grafik", "abbildung", "pic",
    "screenshot", "bildschirmfoto", "photo1", "foto1", "bild1", "alt", "alttext",
})

FILE_NAME_RE = re.compile(
    r"^\S+\.(jpe?g|png|gif|webp|heic|heif|avif|tiff?|bmp|mp4|mov)$"  # photo.jpg
    r"|^(img|dsc|dscn|dscf|pxl|wp)[_-]?\d+",  # what cameras call their files: IMG_1234
    re.IGNORECASE,
)

FILE_NAME = "file_name"
PLACEHOLDER = "placeholder"
TOO_SHORT = "too_short"
SAME_AS_CAPTION = "same_as_caption"

MESSAGES = {
    FILE_NAME: _("The alt text looks like a file name. Screen readers would read it out "
                 "letter by letter; describe what the photo shows instead."),
    PLACEHOLDER: _("The alt text only says that there is a picture. Screen readers "
                   "announce that already; describe what it shows."),
    TOO_SHORT: _("The alt text is very short. Add a few words (who or what, where, doing "
                 "what): they help people who cannot see the photo."),
    SAME_AS_CAPTION: _("The alt text repeats the caption, so screen readers read the same "
                       "twice. Describe what the photo shows instead."),
}


def _normalised(text):
    return " ".join(re.sub(r"[^\w\s]", " ", text or "").lower().split())


def problems(alt_text, caption=""):
    """The codes (keys of MESSAGES) of what is unhelpful about an alt text, most
    important first; [] for a good or an empty one (an empty one is refused elsewhere)."""
    text = (alt_text or "").strip()
    if not text:
        return []
    if FILE_NAME_RE.search(text):
        return [FILE_NAME]
    words = _normalised(text).split()
    if words and all(word in PLACEHOLDER_WORDS for word in words):
        return [PLACEHOLDER]
    found = []
    if caption and _normalised(text) == _normalised(caption):
        found.append(SAME_AS_CAPTION)
    elif len(words) < MIN_WORDS:
        found.append(TOO_SHORT)
    return found


def warnings(alt_text, caption=""):
    """The hints, as translated sentences."""
    return [MESSAGES[code] for code in problems(alt_text, caption)]


def post_warnings(post):
    """(position number, media item, [sentences]) for each photo of the post whose alt
    text could be better; uses post.media.all(), so a prefetch serves it."""
    found = []
    photos = [m for m in post.media.all() if m.is_photo]
    for number, item in enumerate(photos, start=1):
        hints = warnings(item.alt_text, post.caption)
        if hints:
            found.append((number, item, hints))
    return found
