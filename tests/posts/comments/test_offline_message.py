"""When a like, follow, comment or report does not reach the server, engagement.js says
so in the words of the page: every form it sends sits inside an element carrying the
translated text in data-engage-offline."""

from html.parser import HTMLParser

import pytest

from tests.helpers.comments import FETCH, comment_on

OFFLINE_EN = "No connection. Please try again."


class EngageForms(HTMLParser):
    """Each <form data-engage> with the data-engage-offline of its nearest holder."""

    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
            "source", "track", "wbr"}

    def __init__(self):
        super().__init__()
        self.stack, self.forms = [], []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and "data-engage" in attrs:
            holders = [a["data-engage-offline"] for _, a in self.stack
                       if "data-engage-offline" in a]
            self.forms.append((attrs["data-engage"], holders[-1] if holders else None))
        if tag not in self.VOID:
            self.stack.append((tag, attrs))

    def handle_endtag(self, tag):
        for index in range(len(self.stack) - 1, -1, -1):
            if self.stack[index][0] == tag:
                del self.stack[index:]
                break


def engage_forms(html):
    parser = EngageForms()
    parser.feed(html)
    return parser.forms


@pytest.fixture
def page_client(client, citizen):
    client.force_login(citizen)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def test_every_form_on_a_post_page_has_the_offline_text(page_client, citizen,
                                                        other_citizen, post):
    comment_on(post, citizen)
    comment_on(post, other_citizen, body="Gut zu wissen.")
    forms = engage_forms(page_client.get(post.get_absolute_url()).content.decode())
    # follow and like; delete one's own comment; the one report and one reply form that
    # open under any comment; the comment form
    assert sorted(mode for mode, _ in forms) == ["append"] * 2 + ["message", "remove",
                                                                  "replace", "replace"]
    assert {text for _, text in forms} == {OFFLINE_EN}


def test_the_follow_button_has_the_offline_text(page_client, officer):
    forms = engage_forms(page_client.get(officer.get_absolute_url()).content.decode())
    assert forms and {text for _, text in forms} == {OFFLINE_EN}


def test_the_fragments_put_in_place_keep_the_offline_text(page_client, officer, post):
    for url in (f"/@{post.officer.handle}/{post.pk}/like/", f"/@{officer.handle}/follow/"):
        html = page_client.post(url, **FETCH).content.decode()
        assert f'data-engage-offline="{OFFLINE_EN}"' in html, url


def test_the_offline_text_is_german_on_german_pages(page_client, post):
    page_client.defaults["HTTP_ACCEPT_LANGUAGE"] = "de"
    forms = engage_forms(page_client.get(post.get_absolute_url()).content.decode())
    assert {text for _, text in forms} == {"Keine Verbindung. Bitte versuchen Sie es erneut."}
