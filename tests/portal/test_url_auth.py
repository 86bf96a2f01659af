"""Deny by default: every view needs a login unless it is marked public."""

from django.urls import URLPattern, URLResolver, get_resolver

# Views that anyone may open without an account (by URL name).
PUBLIC = {
    "home", "healthz", "impressum", "privacy", "emergency", "set_language",
    "media", "posts:channel", "posts:detail", "posts:atom", "posts:channel_atom",
    "posts:report_problem",
    "reply_emails_off", "manifest", "service_worker", "offline",
    # The Fediverse: discovery, our actors' collections and inboxes (signed, not signed in).
    "federation:webfinger", "federation:host_meta", "federation:nodeinfo_links",
    "federation:nodeinfo", "federation:shared_inbox", "federation:inbox", "federation:outbox",
    "federation:followers",
    # An officer's answer to a reply from another server, as a Note (a Tombstone once gone).
    "federation:comment",
    # The approval of a released reply (GoToSocial's ReplyApproval), served to its server.
    "federation:approval",
    # Accessibility: the statement, the feedback form (no account needed), Leichte
    # Sprache and German Sign Language.
    "accessibility:statement", "accessibility:feedback", "accessibility:feedback_sent",
    "accessibility:easy_language", "accessibility:easy_language_page",
    "accessibility:sign_language",
}


def walk(patterns, namespace=""):
    for p in patterns:
        if isinstance(p, URLResolver):
            ns = f"{namespace}{p.namespace}:" if p.namespace else namespace
            yield from walk(p.url_patterns, ns)
        elif isinstance(p, URLPattern):
            yield f"{namespace}{p.name}", p.callback


def is_public(callback):
    view = getattr(callback, "view_class", None) or callback
    return getattr(callback, "login_required", True) is False or getattr(
        view, "login_required", True
    ) is False


def test_it_keeps_every_own_view_behind_login_unless_listed_public():
    own = [
        (name, cb) for name, cb in walk(get_resolver().url_patterns)
        if not name.startswith(("admin:", "account_", "mfa_", "None"))
        and cb.__module__.split(".")[0] in {"portal", "officers", "posts", "inbox", "federation",
                                               "accessibility", "django"}
        and not cb.__module__.startswith("django.contrib.admin")
    ]
    assert own, "the URLconf walk found no views"
    for name, callback in own:
        assert is_public(callback) == (name in PUBLIC), name


def test_it_sends_anonymous_visitors_to_login_for_private_pages(client, db):
    for url in ["/feed/", "/questions/", "/studio/"]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/accounts/login/"), url
