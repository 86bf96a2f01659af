"""Photo renditions: storing them, and reading a stored list for templates.

A list of renditions is stored as JSON on the model that owns them (a post's media
item, an officer's portrait): [{"width": 480, "height": 360, "format": "webp",
"name": "r/ab/cd.webp", "bytes": 12345}, ...], ordered by width."""

from portal.media import processing
from portal.media.storage import PublicFiles, public_url

EXTENSIONS = {"jpeg": "jpg", "webp": "webp", "avif": "avif"}
# Formats better than JPEG, best first, for <source> elements.
SOURCE_ORDER = {"avif": 0, "webp": 1}


def save_photo_renditions(files, renditions):
    """Store photo renditions; returns the JSON entries for a `renditions` field."""
    return [
        {
            "width": r.width,
            "height": r.height,
            "format": r.format,
            "bytes": len(r.data),
            "name": files.save("r", EXTENSIONS[r.format], r.data),
        }
        for r in renditions
    ]


def store_photo_renditions(original, widths):
    """Public renditions of a stored photo at these widths; returns the JSON entries.
    Nothing is left behind if making them fails."""
    files = PublicFiles()
    try:
        with original.open("rb") as f:
            renditions = processing.photo_renditions(f, widths=widths)
        return save_photo_renditions(files, renditions)
    except BaseException:
        files.discard()
        raise


class Renditions:
    """Reads a stored list of renditions: srcsets, <source> entries, a JPEG of a size.

    `url` makes a file's address: the public store's by default; a post's media item
    passes its own (a signed link while its files are private, see posts.media_links)."""

    def __init__(self, entries, url=public_url):
        self.entries = entries or []
        self.url = url

    def of_format(self, fmt):
        return [r for r in self.entries if r.get("format") == fmt]

    def srcset(self, fmt):
        return ", ".join(f"{self.url(r['name'])} {r['width']}w" for r in self.of_format(fmt))

    @property
    def sources(self):
        """<source> entries for the formats better than JPEG, best first."""
        formats = sorted({r["format"] for r in self.entries} - {"jpeg"},
                         key=lambda f: SOURCE_ORDER.get(f, 9))
        return [{"type": f"image/{fmt}", "srcset": self.srcset(fmt)} for fmt in formats]

    def jpeg(self, min_width=0):
        """The smallest JPEG at least `min_width` wide (else the largest), with its URL;
        None when there is none (before processing)."""
        jpegs = self.of_format("jpeg")
        if not jpegs:
            return None
        entry = next((r for r in jpegs if r["width"] >= min_width), jpegs[-1])
        return {**entry, "url": self.url(entry["name"])}

    def names(self):
        return [r["name"] for r in self.entries]
