"""Hints (never a block) for a text in Leichte Sprache: what the rules in the help text
ask and a machine can see. The admin shows them after saving."""

import re

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

MAX_WORDS = 15
# Abbreviations a reader of Leichte Sprache may not know; write them out.
ABBREVIATIONS = ("z. B.", "z.B.", "bzw.", "usw.", "ggf.", "u. a.", "u.a.", "d. h.", "d.h.",
                 "evtl.", "inkl.", "ca.", "etc.", "sog.", "vgl.", "Nr.", "Str.", "Tel.")
SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


def _without_abbreviation_dots(text):
    # "z. B." ends no sentence.
    for abbreviation in ABBREVIATIONS:
        text = text.replace(abbreviation, abbreviation.replace(".", ""))
    return text


def _sentences(text):
    for line in _without_abbreviation_dots(text).splitlines():
        line = line.strip().lstrip("#-").strip()
        if line:
            yield from (s for s in SENTENCE_END.split(line) if s)


def hints(text):
    """Messages for the press office, each naming the rule and why it matters."""
    found = []
    long_ones = [s for s in _sentences(text) if len(s.split()) > MAX_WORDS]
    if long_ones:
        found.append(ngettext(
            "%(count)d sentence has more than %(max)d words (“%(first)s”). Short sentences "
            "with one statement each are easier to read.",
            "%(count)d sentences have more than %(max)d words (the first: “%(first)s”). "
            "Short sentences with one statement each are easier to read.",
            len(long_ones)) % {"count": len(long_ones), "max": MAX_WORDS,
                               "first": " ".join(long_ones[0].split()[:8]) + " …"})
    used = sorted({a for a in ABBREVIATIONS if a in text})
    if used:
        found.append(_("Abbreviations such as %(found)s: please write the words out; "
                       "readers of Leichte Sprache may not know them.")
                     % {"found": ", ".join(f"“{a}”" for a in used)})
    lines = [line for line in _without_abbreviation_dots(text).splitlines() if line.strip()]
    crowded = [line for line in lines if len(SENTENCE_END.split(line.strip())) > 1]
    if crowded:
        found.append(_("Some lines hold more than one sentence. Start each sentence on a "
                       "new line: that is how Leichte Sprache is set."))
    return found
