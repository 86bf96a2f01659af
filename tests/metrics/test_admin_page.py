"""The press office's "Pilot figures" page in the admin."""

import datetime

import pytest
from django.urls import reverse

from portal.roles import GROUP_PERMISSIONS

from .conftest import DAY, at, travel

URL = "/admin/metrics/pilotfigures/"


@pytest.fixture
def on_day():
    with travel(at(DAY, 15)):
        yield


def test_the_press_office_may_see_the_figures():
    assert "metrics.view_pilot_figures" in GROUP_PERMISSIONS["Press office"]
    assert reverse("admin:metrics_pilotfigures_changelist") == URL


def test_it_shows_the_press_office_figures_and_charts(client, press_officer, history, on_day):
    client.force_login(press_officer)
    response = client.get(URL, {"period": "7"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Isabel" in html and "Felix" in html
    rows = {r.label: r for r in response.context["rows"]}
    assert rows["Isabel"].followers == 110 and rows["Felix"].followers == 48
    assert response.context["total"].followers == 158
    figures = html[html.index('id="content-main"'):html.index('id="footer"')]
    assert figures.count('<svg class="figures-svg"') == 3
    assert figures.count('role="img"') == 3
    assert figures.count("<figure") == 3 and figures.count("<figcaption") == 3
    assert '<title id="chart-followers-title">' in figures
    assert '<desc id="chart-followers-desc">' in figures
    assert "<polyline" in figures and "<rect" in figures
    # A table beside each chart, plus the summary table.
    assert figures.count("<table") == 4
    # Strict CSP: no inline style or script of ours.
    assert " style=" not in figures and "<script" not in figures
    assert "css/figures.css" in html


def test_the_admin_index_lists_the_page_for_the_press_office(client, press_officer):
    client.force_login(press_officer)
    assert URL in client.get("/admin/").content.decode()


def test_the_period_picker_chooses_the_days(client, press_officer, history, on_day):
    client.force_login(press_officer)
    response = client.get(URL, {"period": "custom", "first": DAY.isoformat(),
                                "last": DAY.isoformat()})
    rows = {r.label: r for r in response.context["rows"]}
    assert rows["Isabel"].followers_gained == 7
    for period, days in [("7", 7), ("30", 30), ("90", 90), ("", 30), ("nonsense", 30)]:
        response = client.get(URL, {"period": period})
        assert response.context["period"].days == days
        assert response.context["period"].last == DAY


def test_a_wrong_custom_period_is_explained(client, press_officer, on_day):
    client.force_login(press_officer)
    response = client.get(URL, {"period": "custom", "first": DAY.isoformat(),
                                "last": (DAY - datetime.timedelta(days=3)).isoformat()})
    assert response.status_code == 200
    assert "The start date is after the end date." in response.content.decode()
    assert response.context["period"].days == 30


def test_the_charts_can_show_one_officer(client, press_officer, officer, history, on_day):
    client.force_login(press_officer)
    response = client.get(URL, {"period": "7", "officer": officer.handle})
    followers = response.context["charts"][0]
    assert followers["columns"] == ["Isabel"]
    # The summary still covers every officer.
    assert len(response.context["rows"]) == 2


@pytest.mark.parametrize("persona", ["officer", "citizen"])
def test_officers_and_citizens_are_refused(client, persona, request, history, on_day):
    user = request.getfixturevalue(persona)
    client.force_login(getattr(user, "user", user))  # an officer's account
    for url in (URL, URL + "export.csv"):
        response = client.get(url)
        assert response.status_code in (302, 403), url
        assert b"Isabel" not in response.content


def test_staff_without_the_permission_are_refused(client, history, on_day):
    from tests.conftest import make_user

    client.force_login(make_user("staff@polizei.example", is_staff=True))
    assert client.get(URL).status_code == 403
    assert client.get(URL + "export.csv").status_code == 403


def test_anonymous_visitors_are_sent_to_sign_in(client, history):
    response = client.get(URL)
    assert response.status_code == 302
    assert "login" in response["Location"]


def test_nothing_can_be_added_or_changed_through_it(client, press_officer):
    client.force_login(press_officer)
    assert client.get(URL + "add/").status_code == 404


def test_it_reads_the_database_a_fixed_number_of_times(client, press_officer, history, on_day,
                                                       django_assert_num_queries):
    client.force_login(press_officer)
    client.get(URL)
    # Session, user, two for the permissions; all snapshots of the period at once (with
    # their officers); the officers for the picker. (The second factor answered in
    # this session is in the session.)
    with django_assert_num_queries(6):
        client.get(URL, {"period": "90"})
