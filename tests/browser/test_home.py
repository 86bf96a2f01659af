import pytest


@pytest.mark.django_db(transaction=True)
def test_it_shows_the_home_page_on_a_phone_without_accessibility_violations(page, axe, officer):
    page.goto("/")
    assert page.locator("h1").inner_text()
    assert page.get_by_role("link", name="Isabel").first.is_visible()
    assert "110" in page.locator("footer").inner_text()
    axe(page)
