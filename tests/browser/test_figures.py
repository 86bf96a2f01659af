"""The pilot figures in a real browser: the press office's admin page and an officer's
studio page, with demo history; the SVG charts must be drawn and visible."""

import io

import pytest

from metrics import demo
from tests.browser.conftest import login
from tests.conftest import PASSWORD


class Command:
    stdout = io.StringIO()


def assert_charts_visible(page):
    charts = page.locator("svg.figures-svg")
    assert charts.count() == 3
    for n in range(3):
        chart = charts.nth(n)
        chart.scroll_into_view_if_needed()
        assert chart.is_visible()
        box = chart.bounding_box()
        assert box and box["width"] > 200 and box["height"] > 80, box
        # Something is drawn inside: lines or bars with a size of their own.
        marks = chart.locator("polyline, rect")
        assert marks.count() > 0
        mark = marks.first.bounding_box()
        assert mark and (mark["width"] > 0 or mark["height"] > 0)


@pytest.mark.django_db(transaction=True)
def test_the_press_office_sees_the_charts(desk, officer, colleague, citizen, press_officer,
                                          tmp_path):
    demo.create(Command(), officers=[officer, colleague], citizens=[citizen], press=press_officer)
    login(desk, press_officer.email, PASSWORD)
    desk.goto("/admin/metrics/pilotfigures/?period=90")
    assert desk.locator("h1").inner_text()
    assert desk.locator("table.figures-summary tbody tr").count() == 2
    assert_charts_visible(desk)
    # The charts are styled by the stylesheet (a strict CSP allows no inline style).
    stroke = desk.locator("polyline.figures-line").first.evaluate(
        "el => getComputedStyle(el).stroke")
    assert stroke not in ("", "none")
    desk.locator("table.figures-summary").scroll_into_view_if_needed()
    desk.screenshot(path=str(tmp_path / "pilot-figures.png"), full_page=True)
    assert (tmp_path / "pilot-figures.png").stat().st_size > 10_000


@pytest.mark.django_db(transaction=True)
def test_an_officer_sees_their_charts_on_the_phone(page, axe, officer, colleague, citizen,
                                                   press_officer, tmp_path):
    demo.create(Command(), officers=[officer, colleague], citizens=[citizen], press=press_officer)
    login(page, officer.user.email, PASSWORD)
    page.goto("/studio/figures/?period=30")
    assert_charts_visible(page)
    assert "Felix" not in page.locator("main").inner_text()
    page.screenshot(path=str(tmp_path / "studio-figures.png"), full_page=True)
    axe(page)
