"""Pieces that signed-in pages take from the cache: the comment list of a post (with each
reader's own CSRF token in its forms) and the post cards of the lists."""

import re

from django.test import Client

from officers.follows import follow
from portal import pagecache
from portal.pagecache import CSRF_PLACEHOLDER
from posts import workflow
from posts.models import BlockedWord, Comment
from tests.conftest import make_user

from .conftest import comment_on, html

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def test_each_reader_gets_their_own_csrf_token_in_the_stored_list(post, citizen,
                                                                   other_citizen):
    comment_on(post, citizen, "Erster!")
    pages = []
    for user in (make_user("c1@example.org"), make_user("c2@example.org")):
        client = Client(enforce_csrf_checks=True)
        client.force_login(user)
        page = html(client, post.get_absolute_url())
        assert CSRF_PLACEHOLDER not in page
        section = page[page.index('<section class="comments"'):]
        tokens = TOKEN.findall(section[:section.index("</section>")])
        assert tokens  # the report, reply and comment forms under the stored list
        pages.append((client, tokens[0]))
    assert pages[0][1] != pages[1][1]
    # The token from the stored list is good for writing.
    client, token = pages[1]
    response = client.post(f"/@{post.officer.handle}/{post.pk}/comments/",
                           {"body": "Zweiter!", "csrfmiddlewaretoken": token})
    assert response.status_code == 302
    assert Comment.objects.filter(body="Zweiter!").exists()


def test_the_stored_list_changes_at_once_for_signed_in_readers(client, post, citizen,
                                                                other_citizen, press_officer):
    comment = comment_on(post, citizen, "Wird versteckt")
    client.force_login(other_citizen)
    assert "Wird versteckt" in html(client, post.get_absolute_url())
    comment.hide(press_officer)
    assert "Wird versteckt" not in html(client, post.get_absolute_url())


def test_a_commenter_sees_their_held_comment_and_nobody_else_does(client, post, citizen,
                                                                   other_citizen):
    BlockedWord.objects.create(word="doof")
    comment_on(post, other_citizen, "Sichtbar für alle")
    client.force_login(other_citizen)
    html(client, post.get_absolute_url())  # the list everybody gets is stored
    comment_on(post, citizen, "Das ist doof")
    client.force_login(citizen)
    own = html(client, post.get_absolute_url())
    assert "Das ist doof" in own and "Only you can see this comment" in own
    client.force_login(other_citizen)
    assert "Das ist doof" not in html(client, post.get_absolute_url())
    assert "Das ist doof" not in html(Client(), post.get_absolute_url())


def test_a_reader_who_may_not_write_gets_no_forms_from_a_writers_list(client, post, citizen):
    comment_on(post, citizen, "Hallo")
    writer = make_user("writer@example.org")
    client.force_login(writer)
    assert "Send report" in html(client, post.get_absolute_url())
    unverified = make_user("new@example.org", verified=False)
    client.force_login(unverified)
    page = html(client, post.get_absolute_url())
    assert "Hallo" in page and "Send report" not in page


def test_a_card_changes_at_once_on_the_signed_in_feed(client, post, citizen, press_officer):
    follow(citizen, post.officer)
    client.force_login(citizen)
    assert "Fahrradcodierung am Stiftsplatz" in html(client, "/feed/")
    workflow.reviewer_edit(post, press_officer, caption="Codierung verschoben")
    page = html(client, "/feed/")
    assert "Codierung verschoben" in page and "Fahrradcodierung" not in page


def comments_rendered(client, url, contains=()):
    """How many comments the page rendered (the others came from the cache)."""
    response = client.get(url)
    assert response.status_code == 200
    for text in contains:
        assert text in response.content.decode()
    return [t.name for t in response.templates].count("posts/includes/comment.html")


def test_a_new_comment_renders_only_itself(client, post, citizen, other_citizen):
    for n in range(3):
        comment_on(post, other_citizen, f"Kommentar {n}")
    assert comments_rendered(client, post.get_absolute_url()) == 3
    comment_on(post, citizen, "Noch einer")
    assert comments_rendered(client, post.get_absolute_url()) == 1


def test_a_commenters_list_takes_the_other_comments_from_the_cache(client, post, citizen,
                                                                   other_citizen):
    for n in range(3):
        comment_on(post, other_citizen, f"Kommentar {n}")
    comment_on(post, citizen, "Mein eigener")
    client.force_login(citizen)
    assert comments_rendered(client, post.get_absolute_url()) == 4
    comment_on(post, other_citizen, "Ein neuer")
    # Their own (with its button) and the new one; the other three come from the cache.
    page = post.get_absolute_url()
    assert comments_rendered(client, page, contains=["Mein eigener", "Delete", "Ein neuer"]) == 2


def test_a_stored_comment_changes_with_what_it_shows(client, post, other_citizen):
    comment = comment_on(post, other_citizen, "Vorher")
    assert "Vorher" in html(client, post.get_absolute_url())
    other_citizen.display_name = "Bernd B."
    other_citizen.save()
    Comment.objects.filter(pk=comment.pk).update(body="Nachher")
    pagecache.comments_changed(post.pk)
    page = html(client, post.get_absolute_url())
    assert "Nachher" in page and "Bernd B." in page
