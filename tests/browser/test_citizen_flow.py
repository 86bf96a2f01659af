"""A visitor becomes a citizen who takes part; the press office moderates; on a phone."""

import re
import time

import pytest
from django.core import mail

from posts.models import Comment
from tests.browser.conftest import PHONE, login
from tests.conftest import PASSWORD
from tests.helpers.comments import publish


def wait_for_mail(to, timeout=10):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for message in mail.outbox:
            if to in message.to:
                return message
        time.sleep(0.1)
    raise AssertionError(f"no e-mail to {to}")


@pytest.mark.django_db(transaction=True)
def test_a_visitor_signs_up_follows_likes_and_comments_and_sees_moderation(
        page, browser, live_server, axe, officer, press_officer):
    post = publish(officer, caption="Fußstreife über den Wochenmarkt")

    # Reading needs no account: counts and a sign-in link, no form.
    page.goto(post.get_absolute_url())
    assert page.get_by_role("link", name="Sign in to like").is_visible()
    assert page.locator("form.comment-form").count() == 0

    # Sign up.
    page.goto("/accounts/signup/")
    axe(page)
    page.fill("input[name=email]", "neu@example.org")
    page.fill("input[name=display_name]", "Marktgänger")
    page.fill("input[name=password1]", "ein langes Passwort 2026")
    page.fill("input[name=password2]", "ein langes Passwort 2026")
    with page.expect_navigation():
        page.click("main form button[type=submit]")
    assert "/accounts/confirm-email/" in page.url

    # Verify by the link in the e-mail.
    message = wait_for_mail("neu@example.org")
    link = re.search(r"https?://[^/\s]+(/accounts/confirm-email/\S+/)", message.body).group(1)
    page.goto(link)
    with page.expect_navigation():
        page.click("main form button[type=submit]")

    # Follow the officer on the channel page (JavaScript: no reload).
    page.goto("/accounts/profile/")
    axe(page)
    page.goto(officer.get_absolute_url())
    page.get_by_role("button", name="Follow Isabel").click()
    following = page.get_by_role("button", name="Following Isabel")
    following.wait_for()
    assert following.get_attribute("aria-pressed") == "true"

    # Like the post.
    page.goto(post.get_absolute_url())
    page.evaluate("window.stillTheSamePage = true")
    page.locator(".like button").click()
    page.locator(".like button[aria-pressed=true]").wait_for()
    assert "1 like" in page.locator(".like").inner_text()
    assert page.evaluate("window.stillTheSamePage") is True  # swapped in, not reloaded

    # Comment; the emergency number is right there.
    assert "110" in page.locator("form.comment-form").inner_text()
    page.fill("form.comment-form textarea", "Schön, euch auf dem Markt zu sehen!")
    page.click("form.comment-form button[type=submit]")
    page.get_by_text("Schön, euch auf dem Markt zu sehen!").wait_for()
    assert page.evaluate("window.stillTheSamePage") is True
    # The count above the thread follows at once, as the like count does.
    assert page.locator("#comments-heading").inner_text() == "1 comment"
    comment = Comment.objects.get()
    assert comment.author.email == "neu@example.org"
    axe(page)

    # The press office hides the comment in the admin, with its second factor.
    press_context = browser.new_context(viewport=PHONE, locale="de-DE",
                                        base_url=live_server.url)
    press = press_context.new_page()
    press.set_default_timeout(15_000)
    login(press, press_officer.email, PASSWORD)
    press.goto("/admin/posts/comment/?queue=all")
    press.check(f"input[name=_selected_action][value='{comment.pk}']")
    press.select_option("select[name=action]", "hide")
    with press.expect_navigation():
        press.click("button[name=index]")
    assert "1" in press.locator(".messagelist").inner_text()
    press_context.close()
    comment.refresh_from_db()
    assert comment.state == Comment.State.HIDDEN

    # The citizen sees it is hidden; other visitors do not see it at all.
    page.reload()
    assert page.get_by_text("The press office has hidden this comment.").is_visible()
    anonymous = browser.new_context(viewport=PHONE, base_url=live_server.url)
    visitor = anonymous.new_page()
    visitor.goto(post.get_absolute_url())
    assert "Schön, euch auf dem Markt" not in visitor.content()
    anonymous.close()


@pytest.mark.django_db(transaction=True)
def test_a_like_without_a_connection_says_so(page, officer, citizen):
    post = publish(officer)
    login(page, citizen.email, PASSWORD)
    page.goto(post.get_absolute_url())
    page.context.set_offline(True)
    page.locator(".like button").click()
    status = page.locator(".like [data-engage-status]")
    status.get_by_text("No connection. Please try again.").wait_for()
    assert page.locator(".like button").is_enabled()  # to try again
    page.context.set_offline(False)


@pytest.mark.django_db(transaction=True)
def test_reply_and_report_open_under_the_comment(page, axe, officer, citizen, other_citizen):
    post = publish(officer, caption="Verkehrskontrolle an der B270")
    first = Comment.write(post=post, author=other_citizen, body="Wie schnell war der Schnellste?")
    Comment.write(post=post, author=other_citizen, body="Und wie viele Verwarnungen?")
    login(page, citizen.email, PASSWORD)
    page.goto(post.get_absolute_url())
    page.evaluate("window.stillTheSamePage = true")
    comment = page.locator(f"#comment-{first.pk}")

    # Reply: the form opens under this comment, ready to type.
    comment.get_by_role("link", name="Reply").click()
    reply_box = comment.get_by_label("Your reply")
    assert reply_box.evaluate("field => field === document.activeElement")
    axe(page)
    reply_box.fill("Das sagt euch sicher die Polizei.")
    comment.get_by_role("button", name="Reply").click()
    comment.locator(".comment-replies").get_by_text("Das sagt euch sicher die Polizei.").wait_for()
    assert comment.locator("form.comment-inline-form").count() == 0

    # Report: the reason, and the thanks in its place.
    comment.get_by_role("link", name="Report").click()
    comment.get_by_label("Why should the press office look at this comment?").select_option("spam")
    comment.get_by_role("button", name="Send report").click()
    comment.get_by_text("Thank you. The press office will look at this comment.").wait_for()
    assert page.evaluate("window.stillTheSamePage") is True
    assert first.reports.get().reason == "spam"
    assert Comment.objects.get(parent=first).author == citizen
