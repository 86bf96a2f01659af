"""An officer's own figures in the studio."""

import csv
import io

import pytest

from .conftest import DAY, at, travel

URL = "/studio/figures/"


@pytest.fixture(autouse=True)
def on_day():
    with travel(at(DAY, 15)):
        yield


def test_an_officer_sees_only_their_own_figures(client, officer, colleague, history):
    client.force_login(officer.user)
    response = client.get(URL, {"period": "7"})
    assert response.status_code == 200
    assert [row.officer for row in response.context["rows"]] == [officer]
    assert response.context["total"].followers == 110
    html = response.content.decode()
    main = html[html.index('<main'):html.index('</main>')]
    assert "Isabel" in main and "Felix" not in main
    assert main.count('<svg class="figures-svg"') == 3
    assert " style=" not in main and "<script" not in main
    assert "css/figures.css" in html


def test_the_colleague_sees_theirs(client, colleague, history):
    client.force_login(colleague.user)
    response = client.get(URL, {"period": "7"})
    assert [row.followers for row in response.context["rows"]] == [48]


def test_the_csv_holds_only_the_own_rows(client, officer, history):
    client.force_login(officer.user)
    response = client.get(URL + "export.csv", {"period": "7"})
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert {row[1] for row in rows[1:]} == {"isabel_polizeikl"}
    assert len(rows) == 4


@pytest.mark.parametrize("persona", ["citizen", "press_officer"])
def test_people_without_a_channel_are_refused(client, persona, request, history):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(URL).status_code == 403
    assert client.get(URL + "export.csv").status_code == 403


def test_anonymous_visitors_are_sent_to_sign_in(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_it_reads_the_database_a_fixed_number_of_times(client, officer, history,
                                                       django_assert_num_queries):
    client.force_login(officer.user)
    client.get(URL)  # fills the caches of the layout
    # Session, user, second factor; the officer; all snapshots of the period at once.
    with django_assert_num_queries(5):
        client.get(URL, {"period": "90"})
