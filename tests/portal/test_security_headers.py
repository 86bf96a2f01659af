import pytest


@pytest.fixture
def home(client, db):
    return client.get("/")


def test_it_sends_a_csp_without_inline_scripts(home):
    csp = home["Content-Security-Policy"]
    script_src = next(d for d in csp.split(";") if d.strip().startswith("script-src"))
    assert "'self'" in script_src
    assert "unsafe-inline" not in script_src
    assert "default-src 'self'" in csp
    assert "frame-ancestors 'none'" in csp


def test_it_sends_the_hardening_headers(home):
    assert home["X-Content-Type-Options"] == "nosniff"
    assert home["Referrer-Policy"] == "same-origin"
    assert home["X-Frame-Options"] == "DENY"
    assert home["Cross-Origin-Opener-Policy"] == "same-origin"
    assert home["Cross-Origin-Resource-Policy"] == "same-origin"
    assert "camera=()" in home["Permissions-Policy"]


def test_it_allows_the_camera_only_in_the_studio(client, db):
    response = client.get("/studio/")
    assert "camera=(self)" in response["Permissions-Policy"]


def test_it_sets_no_cookie_for_an_anonymous_reader(home):
    assert home.status_code == 200
    assert not home.cookies


def test_it_loads_nothing_from_other_hosts(home):
    html = home.content.decode()
    assert "http://" not in html.replace("http://testserver", "")
    assert "//fonts." not in html
    assert "https://" not in html.split("</head>")[0]
