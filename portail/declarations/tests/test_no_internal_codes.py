"""Issue 16 §3: internal codes (NONE, NIGHT, RI_A…, contract and exit-reason codes) never reach a page: the pages
a member reads about employees, declarations and appointments are rendered with every determinant ticked
somewhere, and their visible text is searched for each code (option values and other attributes are not text)."""

import re
from datetime import date, datetime
from html.parser import HTMLParser
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from portail.appointments.tests.factories import AppointmentFactory, AppointmentRequestFactory
from portail.declarations import services
from portail.declarations.tests.factories import CampaignFactory, DeclarationFactory
from portail.followup.determinants import DETERMINANTS
from portail.workforce.models import ContractType, ExitReason
from portail.workforce.tests.factories import EmployeeFactory

PARIS = ZoneInfo("Europe/Paris")
LABELS = " ".join([d.label for d in DETERMINANTS] + [label for _, label in ContractType.choices]
                  + [label for _, label in ExitReason.choices])
# A code that is also an ordinary word of a label (CMR, CACES, CDD…) is French the member reads anyway.
CODES = sorted(
    code for code in {d.code for d in DETERMINANTS} | set(ContractType.values) | set(ExitReason.values)
    if not re.search(rf"\b{re.escape(code)}\b", LABELS)
)


class _Text(HTMLParser):
    def __init__(self):
        super().__init__()
        self.parts, self._skip = [], 0

    def handle_starttag(self, tag, attrs):
        self._skip += tag in ("script", "style")

    def handle_endtag(self, tag):
        self._skip -= tag in ("script", "style") and self._skip > 0

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    return " ".join(parser.parts)


def raw_codes(html: str) -> list[str]:
    text = visible_text(html)
    return [code for code in CODES if re.search(rf"(?<![\w-]){re.escape(code)}(?![\w-])", text)]


def test_the_codes_searched_are_the_internal_ones():
    assert {"NONE", "NIGHT", "RI_A", "ASBESTOS", "EMPLOYER", "INTERIM", "END_CDD", "RESIGNATION"} <= set(CODES)
    assert "CMR" not in CODES  # "Salarié exposé au CMR" is its label


@pytest.fixture
def world(member_a):
    with time_machine.travel(datetime(2026, 2, 10, 10, tzinfo=PARIS), tick=False):
        codes = [d.code for d in DETERMINANTS if d.code not in ("NONE", "EMPLOYER")]
        everyone = [
            EmployeeFactory(member=member_a, birth_name=f"SALARIE{index}", pcs_code="", contract=contract,
                            determinants=[codes[index % len(codes)], codes[(index + 5) % len(codes)]],
                            declared_category="SIR", contract_end=date(2025, 6, 30) if contract != "CDI" else None)
            for index, contract in enumerate(ContractType.values)
        ]
        everyone.append(EmployeeFactory(member=member_a, birth_name="AUCUN", determinants=["NONE"], pcs_code=""))
        everyone.append(EmployeeFactory(member=member_a, birth_name="EMPLOYEUR", determinants=["EMPLOYER"],
                                        declared_category="SIR", employer_risk_justification="Travail isolé"))
        everyone.append(EmployeeFactory(member=member_a, birth_name="PARTI", exit_date=date(2026, 1, 15),
                                        exit_reason="RESIGNATION"))
        everyone.append(EmployeeFactory(member=member_a, birth_name="PARTANT", exit_date=date(2026, 6, 30),
                                        exit_reason="END_CDD"))
        AppointmentFactory(employee=everyone[0], start=datetime(2026, 3, 3, 9, tzinfo=PARIS))
        AppointmentRequestFactory(member=member_a, employees=everyone[1:3])
        open_one = DeclarationFactory(member=member_a, campaign=CampaignFactory(year=2026))
        sent = DeclarationFactory(member=member_a, campaign=CampaignFactory(year=2025))
    return everyone, open_one, sent


def test_no_member_page_shows_an_internal_code(client_a, member_admin, world):
    everyone, open_one, sent = world
    with time_machine.travel(datetime(2026, 2, 10, 10, 5, tzinfo=PARIS), tick=False):
        services.declaration_submit(declaration=sent, actor=member_admin, send_email=False,
                                    headcount_change_confirmed=True)
        urls = [
            "/salaries/", "/salaries/?status=tous", "/salaries/?status=anciens", "/salaries/imprimer/?status=tous",
            *[f"/salaries/{e.pk}/" for e in everyone],
            reverse("declarations:fill", args=[open_one.pk]),
            reverse("declarations:expired_exits", args=[open_one.pk]),
            reverse("declarations:detail", args=[sent.pk]),
            "/rendez-vous/", "/rendez-vous/suivi/", "/rendez-vous/demander/", "/rendez-vous/annulation/",
        ]
        found = {}
        for url in urls:
            response = client_a.get(url)
            assert response.status_code == 200, url
            codes = raw_codes(response.content.decode())
            if codes:
                found[url] = codes
    assert found == {}
