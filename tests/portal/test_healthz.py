from unittest import mock

from django.db.utils import OperationalError


def test_it_reports_a_healthy_database(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


def test_it_returns_503_when_the_database_is_unreachable(client, db):
    with mock.patch("portal.views.connection.cursor", side_effect=OperationalError("down")):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["status"] == "error"


def test_it_sets_no_cookie(client, db):
    assert not client.get("/healthz").cookies
