import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from portail.members.models import RequestStatus, SituationChangeRequest

pytestmark = pytest.mark.django_db


def test_demo_staff_logs_in_with_the_printed_code(client):
    call_command("demo_data", stdout=StringIO())
    call_command("demo_data", stdout=StringIO())  # idempotent
    assert set(SituationChangeRequest.objects.values_list("status", flat=True)) == set(RequestStatus.values)
    assert SituationChangeRequest.objects.count() == 5
    out = StringIO()
    call_command("demo_totp", stdout=out)
    code = re.search(r"Code actuel pour staff\.demo : (\d{6})", out.getvalue()).group(1)
    backup = re.search(r"Codes de secours non utilisés.*: (\w+),", out.getvalue()).group(1)
    client.post("/gestion/connexion/", {"username": "staff.demo", "password": "Demo-Staff-2026-Secure"})
    assert client.post(reverse("backoffice:otp_verify"), {"token": code}).status_code == 302
    page = client.get("/gestion/").content.decode()
    assert "TEST PROSPECT" in page and "en retard" in page
    assert client.get("/gestion/journal/").status_code == 200
    client.post(reverse("backoffice:logout"))
    client.post("/gestion/connexion/", {"username": "staff.demo", "password": "Demo-Staff-2026-Secure"})
    assert client.post(reverse("backoffice:otp_verify"), {"token": backup}).status_code == 302
    after = StringIO()
    call_command("demo_totp", stdout=after)
    assert backup not in after.getvalue()  # a backup code serves once
