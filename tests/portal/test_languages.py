"""German is the portal's first language and English its second (msgids are English).

The rest of the suite reads pages in English (tests/settings.py); the page tests here
put back the portal's own default language from portal/settings.py. The catalogue test
keeps future strings translated: an entry added by makemessages without a German text,
or left fuzzy, fails here.
"""

import ast
import re

import pytest
from django.conf import settings

from portal import settings as portal_settings

LOCALE = settings.BASE_DIR / "locale"
NOT_AN_EMERGENCY_DE = "Kein Notfallkanal"
NOT_AN_EMERGENCY_EN = "Not an emergency channel"


def read_po(path):
    """The entries of a .po file as dicts: flags, msgid, msgid_plural and msgstr (a dict
    of plural index, None for a singular entry, to text). Obsolete entries are skipped."""
    entries, entry, key = [], None, None
    for line in path.read_text(encoding="utf-8").splitlines() + [""]:
        if line.startswith("#~"):
            continue
        if not line.strip() or (line.startswith(("#", "msgid ")) and entry and entry["msgstr"]):
            if entry and "msgid" in entry:
                entries.append(entry)
            entry, key = None, None
            if not line.strip():
                continue
        entry = entry or {"flags": set(), "msgstr": {}}
        if line.startswith("#,"):
            entry["flags"].update(flag.strip() for flag in line[2:].split(","))
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            text = ast.literal_eval(line)
            if isinstance(key, tuple):
                entry["msgstr"][key[1]] += text
            else:
                entry[key] += text
        else:
            word, _, value = line.partition(" ")
            match = re.fullmatch(r"msgstr(?:\[(\d+)\])?", word)
            if match:
                index = int(match.group(1)) if match.group(1) else None
                key = ("msgstr", index)
                entry["msgstr"][index] = ast.literal_eval(value)
            else:
                key = word
                entry[key] = ast.literal_eval(value)
    return entries


PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]|\{\w*\}")


def german_entries():
    return read_po(LOCALE / "de" / "LC_MESSAGES" / "django.po")


def test_the_german_catalogue_has_a_proper_header():
    header = german_entries()[0]
    assert header["msgid"] == ""
    assert "fuzzy" not in header["flags"]
    text = header["msgstr"][None]
    assert "Language: de\n" in text
    assert "charset=UTF-8" in text
    assert "Plural-Forms: nplurals=2; plural=(n != 1);" in text


def test_every_german_entry_is_translated_and_not_fuzzy():
    entries = german_entries()[1:]
    assert len(entries) > 500  # the catalogue was read, not skipped
    fuzzy = [e["msgid"] for e in entries if "fuzzy" in e["flags"]]
    untranslated = [e["msgid"] for e in entries if not all(e["msgstr"].values())]
    plural_gaps = [e["msgid"] for e in entries
                   if "msgid_plural" in e and sorted(e["msgstr"]) != [0, 1]]
    assert not fuzzy, f"fuzzy German entries (check and remove the flag): {fuzzy}"
    assert not untranslated, f"German entries without a translation: {untranslated}"
    assert not plural_gaps, f"German plural entries need msgstr[0] and msgstr[1]: {plural_gaps}"


def test_german_texts_keep_the_placeholders():
    wrong = []
    for entry in german_entries()[1:]:
        sources = [entry["msgid"], entry.get("msgid_plural", entry["msgid"])]
        for index, text in entry["msgstr"].items():
            source = sources[1 if index else 0]
            if set(PLACEHOLDER.findall(source)) != set(PLACEHOLDER.findall(text)):
                wrong.append((entry["msgid"], text))
    assert not wrong


def test_the_english_catalogue_is_not_fuzzy():
    entries = read_po(LOCALE / "en" / "LC_MESSAGES" / "django.po")
    assert "Language: en\n" in entries[0]["msgstr"][None]
    assert not [e["msgid"] for e in entries if "fuzzy" in e["flags"]]


@pytest.fixture
def portal_default_language(settings):
    """The language the portal itself defaults to, not the suite's English."""
    settings.LANGUAGE_CODE = portal_settings.LANGUAGE_CODE


def test_the_portal_defaults_to_german():
    assert portal_settings.LANGUAGE_CODE == "de"
    assert [code for code, name in portal_settings.LANGUAGES] == ["de", "en"]


@pytest.mark.django_db
@pytest.mark.usefixtures("portal_default_language")
def test_the_home_page_is_german_by_default(client):
    html = client.get("/").content.decode()
    assert '<html lang="de"' in html
    assert NOT_AN_EMERGENCY_DE in html
    assert "Barrierefreiheit" in html
    assert NOT_AN_EMERGENCY_EN not in html


@pytest.mark.django_db
@pytest.mark.usefixtures("portal_default_language")
def test_the_language_link_switches_to_english_and_back(client):
    response = client.get("/i18n/setlang/?language=en&next=/")
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    html = client.get("/").content.decode()
    assert '<html lang="en"' in html
    assert NOT_AN_EMERGENCY_EN in html
    assert NOT_AN_EMERGENCY_DE not in html

    client.get("/i18n/setlang/?language=de&next=/")
    assert NOT_AN_EMERGENCY_DE in client.get("/").content.decode()


@pytest.mark.django_db
@pytest.mark.usefixtures("portal_default_language")
def test_the_sign_in_form_is_german(client):
    html = client.get("/accounts/login/").content.decode()
    assert "<h1>Anmelden</h1>" in html
    assert "Noch kein Konto?" in html
    assert NOT_AN_EMERGENCY_DE in html
    assert "Sign In" not in html


@pytest.mark.usefixtures("portal_default_language")
def test_a_signed_in_citizens_form_is_german(client, citizen):
    client.force_login(citizen)
    html = client.get("/accounts/profile/").content.decode()
    assert "Ihr Konto" in html
    assert "Öffentlicher Anzeigename" in html
    assert "Speichern" in html
    assert "Your account" not in html


def test_from_and_to_are_said_differently_for_people_and_for_states():
    """A channel goes "von" one person "an" another; a post goes "von" one state "nach"
    another: one English word each, so the contexts tell German apart."""
    from django.utils import translation

    from officers.models import ChannelEvent
    from posts.models import PostEvent

    def label(model, field):
        return str(model._meta.get_field(field).verbose_name)

    with translation.override("de"):
        assert (label(ChannelEvent, "from_user"), label(ChannelEvent, "to_user")) == (
            "von", "an")
        assert (label(PostEvent, "from_state"), label(PostEvent, "to_state")) == (
            "von", "nach")
