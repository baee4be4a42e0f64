"""Demo data (`make run`): company 100001 has an administrator, an HR user and an accounting user who sign in
with their e-mail; the credentials are printed; the mandataire's cockpit shows its three companies."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from portail.accounts.models import Membership
from portail.accounts.roles import Role

pytestmark = pytest.mark.django_db


def test_demo_named_users_of_100001_log_in_and_the_cockpit_shows_three_companies():
    out = StringIO()
    call_command("demo_data", stdout=out)
    call_command("demo_data", stdout=StringIO())  # idempotent
    assert "rh@test-prospect.example" in out.getvalue() and "Demo-Utilisateur-2026" in out.getvalue()
    roles = set(Membership.objects.filter(member__number="100001").values_list("role", flat=True))
    assert roles == {Role.ADMIN, Role.HR, Role.ACCOUNTING}
    client = Client()
    response = client.post("/connexion/", {"username": "compta@test-prospect.example",
                                           "password": "Demo-Utilisateur-2026"})
    assert response.status_code == 302
    assert client.get(reverse("billing:invoices")).status_code == 200
    assert client.get(reverse("workforce:list")).status_code == 403
    office = Client()
    office.post("/connexion/", {"username": "cabinet.demo", "password": "Demo-Mandataire-2026",
                                "is_mandataire": "on"})
    page = office.get(reverse("portal:cockpit")).content.decode()
    assert page.count("<tr>") == 4  # the header and its three companies
