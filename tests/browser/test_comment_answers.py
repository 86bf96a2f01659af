"""The officer answers citizens' comments from the studio on a phone: the reply appears
under the comment with the officer's badge, and a comment needing no answer is set
aside."""

import re

import pytest
from playwright.sync_api import expect

from posts.models import Comment
from tests.browser.conftest import login
from tests.conftest import PASSWORD
from tests.helpers.comments import comment_on, publish


@pytest.mark.django_db(transaction=True)
def test_an_officer_answers_a_comment_from_the_studio(page, axe, officer, citizen,
                                                      other_citizen):
    post = publish(officer, caption="Fahrradcodierung am Stiftsplatz")
    question = comment_on(post, citizen, "Muss ich den Kaufbeleg mitbringen?")
    thanks = comment_on(post, other_citizen, "Super Aktion!")

    login(page, officer.user.email, PASSWORD)
    page.goto("/studio/")
    page.get_by_role("link", name="Comments (2 to answer)").click()
    expect(page).to_have_url(re.compile(r"/studio/comments/$"))
    axe(page)

    page.locator(f"#comment-{thanks.pk}").get_by_role("button", name="No reply needed").click()
    expect(page.locator(".messages")).to_contain_text("set aside")
    expect(page.locator(f"#comment-{thanks.pk}")).to_have_count(0)

    entry = page.locator(f"#comment-{question.pk}")
    entry.get_by_label("Your reply").fill("Ja, bitte den Kaufbeleg oder Eigentumsnachweis.")
    entry.get_by_role("button", name="Reply", exact=True).click()
    expect(page).to_have_url(re.compile(r"/studio/comments/"))
    expect(page.locator(".empty")).to_contain_text("No comment is waiting")

    page.goto(post.get_absolute_url())
    reply = Comment.objects.get(parent=question)
    shown = page.locator(f"#comment-{reply.pk}")
    expect(shown).to_contain_text("Ja, bitte den Kaufbeleg")
    expect(shown).to_contain_text("Isabel, Polizeikommissarin")
