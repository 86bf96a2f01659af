"""The review end to end: the officer submits from the studio on a phone, the press
office asks for a change in the admin, the officer fixes it and resubmits, the press
office approves, and an anonymous visitor sees the post on the home page."""

import re

import pytest
from playwright.sync_api import expect

from posts.models import ChecklistItem, Post, PostEvent
from tests.browser.conftest import login
from tests.conftest import PASSWORD
from tests.helpers.review import make_checklist, make_processed_post

NOTE = "Bitte den Ort weglassen, die Kontrolle läuft noch."


@pytest.mark.django_db(transaction=True)
def test_a_post_goes_from_the_studio_through_review_to_the_home_page(
    page, desk, axe, officer, press_officer
):
    make_checklist()
    post = make_processed_post(officer, caption="Fahrradkontrolle am Stiftsplatz")
    row = f"#post-{post.pk}"
    submit = f'form[action="/studio/posts/{post.pk}/submit/"] button'
    change_link = f'a[href^="/admin/posts/post/{post.pk}/change/"]'

    # The officer submits the draft from the studio on the phone.
    login(page, officer.user.email, PASSWORD)
    page.goto("/studio/")
    page.click(f"{row} {submit}")
    expect(page).to_have_url(re.compile(r"/studio/$"))
    expect(page.locator(f'{row} form[action$="/withdraw/"]')).to_be_visible()
    assert Post.objects.get(pk=post.pk).state == Post.State.SUBMITTED
    page.reload()  # checked without the flash message: base.html's list of messages
    axe(page)      # has role="status" on its <ul>, which axe reports (not this page's)

    # The press office finds it in the queue and asks for a change.
    login(desk, press_officer.email, PASSWORD)
    desk.goto("/admin/posts/post/")
    queue_row = desk.locator("#result_list tbody tr", has_text="Fahrradkontrolle")
    expect(queue_row.locator("img.review-thumb")).to_be_visible()
    queue_row.locator(change_link).click()
    expect(desk.locator("img.review-media")).to_be_visible()
    desk.fill("#review-request-changes-note", NOTE)
    desk.click('form[action$="/decide/request_changes/"] button[type=submit]')
    expect(desk).to_have_url(re.compile(r"/admin/posts/post/(\?.*)?$"))
    expect(desk.locator(".messagelist")).to_contain_text("Fahrradkontrolle")

    # The officer reads the note, edits the post and submits it again.
    page.goto("/studio/")
    expect(page.locator(row)).to_contain_text(NOTE)
    page.click(f'{row} a[href="/studio/posts/{post.pk}/edit/"]')
    page.fill("textarea[name=caption]", "Fahrradkontrolle in der Innenstadt")
    page.click("button[data-submit]")
    expect(page).to_have_url(re.compile(r"/studio/$"))
    page.click(f"{row} {submit}")
    expect(page.locator(f'{row} form[action$="/withdraw/"]')).to_be_visible()

    # The press office ticks the checklist and publishes.
    desk.goto("/admin/posts/post/")
    desk.locator(change_link).first.click()
    expect(desk.locator("#id_caption")).to_have_value("Fahrradkontrolle in der Innenstadt")
    boxes = desk.locator('input[name="approve-checklist"]')
    expect(boxes).to_have_count(ChecklistItem.objects.filter(active=True).count())
    for box in boxes.all():
        box.check()
        expect(box).to_be_checked()
    desk.click("button[name=publish_now]")
    expect(desk.locator(".messagelist")).to_contain_text("Fahrradkontrolle in der Innenstadt")

    # Anyone sees it on the home page.
    page.context.clear_cookies()
    page.goto("/")
    expect(page.locator("main")).to_contain_text("Fahrradkontrolle in der Innenstadt")

    assert [e.action for e in PostEvent.objects.filter(post=post)] == [
        PostEvent.Action.SUBMITTED,
        PostEvent.Action.CHANGES_REQUESTED,
        PostEvent.Action.SUBMITTED,
        PostEvent.Action.APPROVED,
    ]
