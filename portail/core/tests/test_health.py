from unittest import mock

import pytest
from django.contrib.sessions.models import Session
from django.db import OperationalError, connection
from django.test.utils import CaptureQueriesContext

pytestmark = [pytest.mark.django_db, pytest.mark.urls("portail.core.tests.health_urls")]


def test_health_ok_without_login(client):
    response = client.get("/sante/")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}
    assert "no-store" in response["Cache-Control"]


def test_health_costs_one_query_and_writes_nothing(client):
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/sante/")
    assert response.status_code == 200
    sql = [q["sql"].strip().upper() for q in queries.captured_queries]
    assert sql == ["SELECT 1"]
    assert not Session.objects.exists()
    assert "sessionid" not in response.cookies


def test_health_reports_database_failure_as_503(client):
    with mock.patch.object(connection, "ensure_connection", side_effect=OperationalError("down")):
        response = client.get("/sante/")
    assert response.status_code == 503
    assert response.json() == {"status": "erreur", "database": "erreur"}
    assert "no-store" in response["Cache-Control"]


def test_health_reports_failing_query_as_503(client):
    with mock.patch.object(connection, "cursor", side_effect=OperationalError("server closed the connection")):
        response = client.get("/sante/")
    assert response.status_code == 503
    assert response.json()["database"] == "erreur"


def test_health_refuses_writes(client):
    assert client.post("/sante/").status_code == 405

