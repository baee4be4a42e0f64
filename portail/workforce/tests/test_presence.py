"""Issue 16 §3: one rule of presence (`Employee.objects.present_on(day)`). An exit date still to come is a planned
exit: the employee stays present — list, exports, declaration, appointment choice, visits board, home tile — until
that day included, and every page says "sortie prévue le jj/mm/aaaa"."""

import re
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine

from portail.appointments.compliance import compliance_board
from portail.appointments.forms import AppointmentRequestForm
from portail.appointments.snapshots import compliance_counts
from portail.workforce.models import Employee
from portail.workforce.selectors import employees_incomplete_count
from portail.workforce.tests.factories import EmployeeFactory

PARIS = ZoneInfo("Europe/Paris")
TODAY = datetime(2026, 5, 6, 10, tzinfo=PARIS)
PORTAIL = Path(__file__).resolve().parents[2]


@pytest.fixture
def frozen():
    with time_machine.travel(TODAY, tick=False) as traveller:
        yield traveller


@pytest.fixture
def leaving(member_a):
    """Exit planned on 30/06/2026 (recorded directly: the exit service is tested elsewhere)."""
    return EmployeeFactory(member=member_a, birth_name="PARTANT", first_name="Lou", pcs_code="",
                           exit_date=date(2026, 6, 30), exit_reason="RESIGNATION")


def test_present_on_is_the_rule(frozen, member_a, leaving):
    gone = EmployeeFactory(member=member_a, exit_date=date(2026, 5, 5))
    last_day = EmployeeFactory(member=member_a, exit_date=date(2026, 5, 6))
    staying = EmployeeFactory(member=member_a)
    present = set(Employee.objects.filter(member=member_a).present_on(date(2026, 5, 6)))
    assert present == {leaving, last_day, staying}
    assert set(Employee.objects.filter(member=member_a).gone_before(date(2026, 5, 6))) == {gone}
    assert leaving.exit_planned and last_day.exit_planned and gone.has_left and not staying.exit_planned


def test_planned_exit_stays_in_the_list_with_its_date_until_the_day(frozen, client_a, member_admin, leaving):
    presents = client_a.get("/salaries/").content.decode()
    row = next(r for r in presents.split("<tr>") if "PARTANT" in r)
    assert "Sortie prévue le 30/06/2026" in row
    assert "Sortir le salarié" not in row and "Réembaucher" not in row
    assert "PARTANT" not in client_a.get("/salaries/?status=anciens").content.decode()
    detail = client_a.get(f"/salaries/{leaving.pk}/").content.decode()
    assert "Sortie prévue le 30/06/2026" in detail and "Réembaucher" not in detail
    frozen.move_to(datetime(2026, 7, 1, 9, tzinfo=PARIS))
    client_a.force_login(member_admin)  # the session of May has expired
    assert "PARTANT" not in client_a.get("/salaries/").content.decode()
    former = client_a.get("/salaries/?status=anciens").content.decode()
    assert "PARTANT" in former and "Réembaucher" in former


def test_planned_exit_is_in_the_exports_and_the_incomplete_count(frozen, client_a, member_a, leaving):
    csv_text = b"".join(client_a.get("/salaries/export.csv").streaming_content).decode("utf-8-sig")
    assert "PARTANT" in csv_text
    printed = client_a.get("/salaries/imprimer/").content.decode()
    assert "PARTANT" in printed and "sortie prévue le 30/06/2026" in printed
    assert employees_incomplete_count(member=member_a) == 1  # its PCS code is missing


def test_planned_exit_can_be_chosen_for_an_appointment_with_its_date(frozen, member_a, leaving):
    EmployeeFactory(member=member_a, birth_name="PARTI", exit_date=date(2026, 4, 30))
    form = AppointmentRequestForm(member=member_a)
    labels = [label for _, label in form.fields["employees"].choices]
    assert "PARTANT Lou (sortie prévue le 30/06/2026)" in labels
    assert not any("PARTI " in label for label in labels)


def test_planned_exit_is_on_the_visits_board(frozen, client_a, member_a, leaving):
    assert leaving in [row.employee for row in compliance_board(member=member_a).rows]
    assert sum(compliance_counts(member=member_a).values()) == 1
    board = client_a.get("/rendez-vous/suivi/").content.decode()
    assert "sortie prévue le 30/06/2026" in board


def test_planned_exit_in_the_declaration_says_planned(frozen, client_a, member_a, leaving):
    from portail.declarations.tests.factories import CampaignFactory, DeclarationFactory

    declaration = DeclarationFactory(member=member_a, campaign=CampaignFactory(year=2026))
    page = client_a.get(f"/declarations/{declaration.pk}/saisie/").content.decode()
    row = page.split(f'data-testid="employee-{leaving.pk}"')[1].split("</tr>")[0]
    assert "Sortie prévue le 30/06/2026" in row and "Sorti le" not in row


EXIT_LOOKUP = re.compile(r"exit_date__|exclude\(exit_date|\.exit_date\s*(<|>|<=|>=)")
NOT_PORTAL = ("/tests/", "/migrations/", "/workforce/models.py", "/followup/")


def test_no_module_filters_on_the_exit_date_but_the_rule():
    """Every "present" filter goes through present_on / present_q: a grep guards against a new ad-hoc one."""
    offenders = []
    for path in sorted(PORTAIL.rglob("*.py")):
        text_path = str(path)
        if any(part in text_path for part in NOT_PORTAL):
            continue
        for number, line in enumerate(path.read_text().splitlines(), start=1):
            if EXIT_LOOKUP.search(line):
                offenders.append(f"{path.relative_to(PORTAIL)}:{number}: {line.strip()}")
    assert offenders == []
