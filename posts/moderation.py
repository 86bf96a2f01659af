"""Automatic checks of a citizen's comment before it is published.

A comment that contains a blocked word (managed by the press office in the admin) or
what looks like personal data (phone numbers, e-mail addresses, licence plates, street
addresses) is held for review instead of being published. The checks are deliberately
generous: a false alarm costs a short wait, a miss can expose someone.
"""

import re

from django.utils.translation import gettext_lazy as _

# What kind of personal data was found; the labels are shown to the citizen.
PERSONAL_DATA = {
    "phone": _("a phone number"),
    "email": _("an e-mail address"),
    "plate": _("a licence plate"),
    "address": _("a street address"),
}

# Phone numbers start with +, 00 or a 0 (area code or mobile prefix), then digits with
# the usual separators: "+49 631 369-0", "0631/3690", "(0151) 1234 5678". "110" does not.
_PHONE = re.compile(
    r"(?<![\w.,/:+-])(?:\+\s?\d|00\s?\d|\(?0\d)(?:[\s/().-]{0,2}\d){4,16}(?!\w)"
)
_DATE = re.compile(r"^\d{1,2}[./-]\d{1,2}[./-]\d{2,4}$")
_EMAIL = re.compile(
    r"[\w.+-]+\s*(?:@|\(at\)|\[at\])\s*[\w-]+(?:\.[\w-]+)*\s*(?:\.|\(dot\)|\[dot\])\s*[a-z]{2,}\b",
    re.IGNORECASE,
)
# German plates: district (1-3 letters), letters (1-2), digits (1-4), optional E/H,
# e.g. "KL-AB 123", "KL AB 1234", "B-X 12E". Upper case only, so prose rarely matches.
_PLATE = re.compile(r"\b[A-ZÄÖÜ]{1,3}[-\s][A-Z]{1,2}[-\s]?[1-9]\d{0,3}[EH]?\b")
# A street with a house number: "Logenstraße 5", "Hauptstr. 12a", "Berliner Platz 7".
# Street names are capitalised, so "ich bring 3 Kuchen" does not match.
_STREET = (
    r"(?:[A-ZÄÖÜ][\wäöüß-]*(?:straße|strasse|str\.|weg|gasse|platz|allee|ring|damm|ufer|"
    r"chaussee|pfad|steig|graben|wall)|Straße|Strasse|Str\.|Weg|Gasse|Platz|Allee|Ring|Damm|"
    r"Ufer)"
)
_ADDRESS = re.compile(rf"\b{_STREET}\s*\d{{1,4}}\s?[a-z]?\b")


def find_personal_data(text):
    """The kinds of personal data (keys of PERSONAL_DATA) `text` seems to contain."""
    found = []
    if _EMAIL.search(text):
        found.append("email")
    for match in _PHONE.finditer(text):
        candidate = match.group(0).strip()
        digits = re.sub(r"\D", "", candidate)
        if len(digits) >= 6 and not _DATE.match(candidate):
            found.append("phone")
            break
    if _PLATE.search(text):
        found.append("plate")
    if _ADDRESS.search(text):
        found.append("address")
    return found


def describe_personal_data(kinds):
    return ", ".join(str(PERSONAL_DATA[k]) for k in kinds)


def _word_pattern(word):
    """A blocked word matches as a whole word, case-insensitively; a trailing * matches
    any ending ("idiot*" matches "Idioten")."""
    stem, wildcard = (word[:-1], True) if word.endswith("*") else (word, False)
    body = r"\s+".join(re.escape(part) for part in stem.split())
    ending = r"\w*" if wildcard else ""
    return rf"(?<!\w){body}{ending}(?!\w)"


def find_blocked_words(text, words):
    """The entries of `words` that occur in `text`."""
    folded = text.casefold()
    return [w for w in words if w and re.search(_word_pattern(w.casefold()), folded)]
