"""The caption filter: plain text in, safe HTML out."""

import pytest

from posts.models.post import hashtags
from posts.templatetags.posts_tags import absolute, caption

LINK = 'rel="nofollow ugc noopener"'


def test_it_escapes_html():
    html = caption('<script>alert(1)</script> & <b onclick="x">')
    assert "<script>" not in html and "<b " not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;b onclick=&quot;x&quot;&gt;" in html


def test_it_links_http_and_https_urls_with_rel():
    html = caption("Infos: https://polizei.rlp.de/de/startseite/ und http://example.org.")
    assert f'<a href="https://polizei.rlp.de/de/startseite/" {LINK}>' in html
    assert f'<a href="http://example.org" {LINK}>http://example.org</a>.' in html


@pytest.mark.parametrize(
    "text",
    [
        "javascript:alert(1)",
        "JaVaScRiPt:alert(document.cookie)",
        "data:text/html;base64,PHNjcmlwdD4=",
        "ftp://example.org/file",
        "vbscript:msgbox",
    ],
)
def test_it_never_links_other_schemes(text):
    assert "<a" not in caption(text)


def test_it_keeps_quotes_and_brackets_out_of_links():
    html = caption('Siehe "https://example.org/a"><img src=x onerror=alert(1)>')
    assert '<a href="https://example.org/a"' in html
    assert "<img" not in html
    assert html.count("<a ") == 1


def test_it_keeps_a_closing_parenthesis_that_belongs_to_the_url():
    html = caption("(siehe https://de.wikipedia.org/wiki/Polizei_(Deutschland))")
    assert 'href="https://de.wikipedia.org/wiki/Polizei_(Deutschland)"' in html
    assert html.endswith("</a>)")


def test_it_links_hashtags_to_the_channel():
    html = caption("Heute #Fahrradcodierung in der #Altstadt!", "/@isabel_polizeikl/")
    assert '<a href="/@isabel_polizeikl/?tag=fahrradcodierung" class="hashtag">' in html
    assert "#Fahrradcodierung</a>" in html
    assert "?tag=altstadt" in html


def test_it_leaves_hashtags_as_text_without_a_channel():
    assert caption("#Polizei") == "#Polizei"


def test_it_does_not_take_url_fragments_or_entities_for_hashtags():
    html = caption("https://example.org/page#section und Stra&#223;e", "/@x/")
    assert "?tag=section" not in html and "?tag=223" not in html


def test_it_keeps_line_breaks():
    assert caption("Zeile 1\r\nZeile 2") == "Zeile 1<br>\nZeile 2"


def test_hashtags_are_lowercased_and_unique():
    assert hashtags("#Polizei #polizei #Hundestaffel und E-Mail a#b") == ["polizei", "hundestaffel"]


def test_absolute_uses_the_site_url(settings):
    settings.SITE_URL = "https://revier.example/"
    assert absolute("/media/r/a.jpg") == "https://revier.example/media/r/a.jpg"
    assert absolute("https://cdn.example/a.jpg") == "https://cdn.example/a.jpg"
