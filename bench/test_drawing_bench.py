"""Benchmark (not a unit test; run explicitly):

    pytest -q -s bench/test_drawing_bench.py

What drawing the longest member pages costs, in this process, through Django's test client: the employee list
(a 50-row page), the invoices page (seed history and 40 issued invoices), the declaration form of a 40-employee
member and the company chooser of a 500-company mandataire. Each page is asked ROUNDS times; the figures are the
median CPU milliseconds of the whole request, then of its template alone (same context, no database).

The cache is Django's dummy backend: every request draws its fragments, as the first view after a write does.
"""

import statistics
import time
from datetime import date, timedelta

import pytest
from django.template.loader import get_template
from django.test import Client

from portail.accounts.models import Mandate
from portail.accounts.tests.factories import MandataireFactory, MemberUserFactory
from portail.billing.tests.factories import issued_invoice
from portail.declarations.tests.conftest import staff_employees
from portail.declarations.tests.factories import CampaignFactory, DeclarationFactory
from portail.members.models import Member
from portail.members.tests.factories import MemberFactory
from portail.portal.demo.billing import load_seed_history
from portail.portal.demo.members import _service
from portail.workforce.tests.factories import EmployeeFactory

ROUNDS = 200


@pytest.fixture
def no_cache(settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}


def _employees(member):
    for i in range(60):
        EmployeeFactory(member=member, birth_name=f"MARTIN{i:02d}", usage_name="DURAND" if i % 2 else "",
                        declared_category=("SI", "SIA", "SIR")[i % 3], contract=("CDI", "CDD", "INTERIM")[i % 3],
                        exit_date=date(2026, 6, 30) if i % 7 == 0 else None)


def _invoices(member):
    load_seed_history(member)
    for i in range(40):
        issued_invoice(member, amount_ht=f"{100 + 37 * i}.50", issue_date=date(2026, 1, 1) + timedelta(days=5 * i))


def _declaration(member) -> str:
    staff_employees(member, si=30, sia=4, sir=2)
    for i in range(4):  # problems to correct: no PCS code, hired after the reference date
        EmployeeFactory(member=member, pcs_code="", hire_date=date(2020, 1, 6), contract="CDD",
                        contract_end=date(2031, 6, 30), job_title=f"Poste {i}")
    declaration = DeclarationFactory(member=member, campaign=CampaignFactory())
    return f"/declarations/{declaration.pk}/saisie/"


def _big_mandataire():
    user = MandataireFactory()
    members = Member.objects.bulk_create(
        [MemberFactory.build(number=f"7{i:05d}", name=f"ENTREPRISE {i:03d} & FILS", siret="") for i in range(500)]
    )
    Mandate.objects.bulk_create([Mandate(mandataire=user, member=m) for m in members])
    return user


def _cpu_ms(call) -> float:
    samples = []
    for _ in range(ROUNDS):
        start = time.process_time()
        call()
        samples.append(time.process_time() - start)
    return statistics.median(samples) * 1000


def test_drawing(db, no_cache):
    _service()
    member = MemberFactory(number="800300")
    _employees(member)
    _invoices(member)
    fill = _declaration(MemberFactory(number="800301"))
    member_client, declarant_client, mandataire_client = Client(), Client(), Client()
    member_client.force_login(MemberUserFactory(member=member))
    declarant_client.force_login(MemberUserFactory(member=Member.objects.get(number="800301")))
    mandataire_client.force_login(_big_mandataire())
    pages = [
        ("liste des salariés (50 lignes)", member_client, "/salaries/?status=tous"),
        ("factures et échéancier", member_client, "/factures/"),
        ("formulaire de déclaration (40 salariés)", declarant_client, fill),
        ("choix de l'adhérent (500 adhérents)", mandataire_client, "/choisir-adherent/"),
    ]
    print(f"\n{'page':42} {'requête':>10} {'gabarit':>10}   (ms CPU, médiane de {ROUNDS})")
    for label, client, url in pages:
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        template = get_template(response.templates[0].name)
        context, request = response.context[0].flatten(), response.wsgi_request
        for _ in range(10):
            client.get(url)
        whole = _cpu_ms(lambda c=client, u=url: c.get(u))
        drawn = _cpu_ms(lambda t=template, c=context, r=request: t.render(c, r))
        print(f"{label:42} {whole:10.2f} {drawn:10.2f}")
