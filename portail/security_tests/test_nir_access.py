"""One NIR rule (`workforce.nir.nir_access`) for the single reveal and the exports, for every kind of
account: the member's own users, a mandataire, and each staff role reading the portal through « Voir
comme l'adhérent ». Whoever gets the masked number cannot reveal it one at a time nor export it; every
clear reveal or export is audited."""

import io
from datetime import date

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from portail.audit.models import Event
from portail.backoffice.models import StaffRole
from portail.backoffice.tests.factories import login_verified, staff_with_device
from portail.core.tenancy import SESSION_KEY
from portail.workforce import nir as nirlib
from portail.workforce.tests.factories import EmployeeFactory

pytestmark = pytest.mark.django_db

NIR = nirlib.generate(sex="F", birth_date=date(1985, 4, 12), order=417)
EXPECTED = {"member": "full", "mandataire": "masked"} | {f"staff_{role}": "masked" for role in StaffRole.values}


@pytest.fixture
def employee(member_a):
    return EmployeeFactory(member=member_a, sex="F", birth_date=date(1985, 4, 12), nir=NIR)


def _client(persona, member_a, member_admin, mandataire) -> tuple[Client, object]:
    client = Client()
    if persona == "member":
        client.force_login(member_admin)
        return client, member_admin
    if persona == "mandataire":
        client.force_login(mandataire)
        session = client.session
        session[SESSION_KEY] = member_a.pk
        session.save()
        return client, mandataire
    user, device = staff_with_device(persona.removeprefix("staff_"))
    login_verified(client, user, device)
    assert client.post(reverse("backoffice:view_as_start", args=[member_a.pk])).status_code == 302
    return client, user


def _exported_text(client, fmt: str) -> str:
    response = client.get(f"/salaries/export.{fmt}")
    assert response.status_code == 200
    if fmt == "csv":
        return b"".join(response.streaming_content).decode("utf-8")
    sheet = load_workbook(io.BytesIO(response.content)).active
    return "\n".join(";".join(str(v) for v in row) for row in sheet.iter_rows(values_only=True))


@pytest.mark.parametrize("persona", list(EXPECTED))
def test_reveal_and_export_follow_the_same_nir_rule(persona, employee, member_a, member_admin, mandataire):
    client, user = _client(persona, member_a, member_admin, mandataire)
    assert nirlib.nir_access(user) == EXPECTED[persona]
    full = EXPECTED[persona] == "full"
    reveal = client.post(reverse("workforce:nir_reveal", args=[employee.pk]))
    assert reveal.status_code == (200 if full else 403)
    assert (NIR in reveal.content.decode()) is full
    for fmt in ("csv", "xlsx"):
        text = _exported_text(client, fmt)
        assert (NIR in text) is full, fmt
        assert (nirlib.mask(NIR) in text) is not full, fmt
    detail = client.get(reverse("workforce:detail", args=[employee.pk])).content.decode()
    assert nirlib.mask(NIR) in detail and NIR not in detail
    assert (reverse("workforce:nir_reveal", args=[employee.pk]) in detail) is full
    # Every export is audited with what it held; a refused reveal leaves no "revealed" trace.
    events = Event.objects.filter(actor=user, member=member_a)
    assert sorted(events.filter(action="employee.export").values_list("data__format", "data__nir")) == [
        ("csv", full), ("xlsx", full)]
    assert events.filter(action="employee.nir_reveal").count() == (1 if full else 0)


def test_mask_shows_four_digits_at_most_and_never_the_key():
    masked = nirlib.mask("295109912611193")
    assert masked == "2 •• •• •• ••• 111 ••"
    assert sum(c.isdigit() for c in masked) <= 4 and "93" not in masked and "95" not in masked


def test_the_stored_mask_is_the_one_mask_of_pages_and_forms(client_a, employee):
    assert employee.nir_masked == nirlib.mask(NIR)
    form = client_a.get(reverse("workforce:edit", args=[employee.pk])).content.decode()
    assert nirlib.mask(NIR) in form and NIR not in form
