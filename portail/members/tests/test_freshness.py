"""Cached page summaries (members/freshness.py) are never older than the member's data: each service that writes a
member's rows renews its stamp, so the next view of a page shows the change; another member's stamp stays, a
rolled-back write changes nothing, and a request that may write never reads the cache."""

from contextlib import contextmanager
from datetime import date, timedelta
from decimal import Decimal

import pytest
import time_machine
from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, connection, transaction
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from portail.activity.models import ActionKind
from portail.activity.services import workplace_action_record
from portail.appointments.models import VisitKind
from portail.appointments.services import appointment_request_create
from portail.billing.models import PaymentMethod
from portail.billing.sepa import sepa_mandate_sign
from portail.billing.services import payment_record
from portail.billing.tests.factories import issued_invoice
from portail.declarations.services import campaign_open, declaration_submit
from portail.declarations.tests.factories import CampaignFactory, DeclarationFactory
from portail.members.freshness import (
    SHARED_STAMP_KEY,
    member_cached,
    member_data_changed,
    new_stamp,
    shared_settings_changed,
)
from portail.members.models import MemberAddress, MemberContact
from portail.members.services import member_address_save, member_assignment_set, member_contact_save
from portail.members.tests.factories import CentreFactory
from portail.portal.demo.members import _service
from portail.workforce import imports
from portail.workforce.services import employee_exit, employee_update
from portail.workforce.tests.factories import EmployeeFactory, employee_hired
from portail.workforce.tests.test_import import csv_bytes, line

pytestmark = pytest.mark.django_db


def _stamp(member) -> int:
    member.refresh_from_db(fields=["data_stamp"])
    return member.data_stamp


class Counter:
    def __init__(self):
        self.calls = 0

    def __call__(self):
        self.calls += 1
        return self.calls


def _read(member, compute, method: str = "get") -> int:
    request = getattr(RequestFactory(), method)("/")
    request.member = type(member).objects.get(pk=member.pk)  # as the next request would load it
    return member_cached(request, name="test", compute=compute)


def test_a_summary_is_computed_once_then_again_after_the_member_s_data_changed(member_a, member_b):
    compute, other = Counter(), Counter()
    assert _read(member_a, compute) == 1 and _read(member_b, other) == 1
    assert _read(member_a, compute) == 1
    member_data_changed(member_ids=[member_a.pk])
    assert _read(member_a, compute) == 2
    assert _read(member_b, other) == 1  # another member's summaries stay


def test_a_request_that_may_write_computes_and_reads_nothing_kept(member_a):
    compute = Counter()
    assert _read(member_a, compute) == 1
    assert _read(member_a, compute, method="post") == 2
    assert _read(member_a, compute) == 1


def test_a_rolled_back_write_leaves_the_stamp_as_it_was(member_a, member_admin):
    before = _stamp(member_a)
    with pytest.raises(RuntimeError), transaction.atomic():
        member_contact_save(member=member_a, actor=member_admin, contact=MemberContact(kind="hr", last_name="X"))
        raise RuntimeError
    assert _stamp(member_a) == before


def test_a_shared_setting_change_recomputes_every_member_s_summaries(member_a, member_b):
    compute, other = Counter(), Counter()
    _read(member_a, compute), _read(member_b, other)
    shared_settings_changed()
    assert _read(member_a, compute) == 2 and _read(member_b, other) == 2


@contextmanager
def _in_a_request():
    """The request signals as a served request sends them, without closing the test's database connection (as
    Django's test client does)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    request_started.send(sender=None)
    try:
        yield
    finally:
        request_finished.send(sender=None)
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def test_a_request_reads_the_shared_stamp_once_and_sees_its_own_change(member_a):
    """A page reads the settings stamp once, not once per cached block; another worker's change shows from the
    next request, this request's own change at once, and outside a request every read asks the cache."""
    compute = Counter()
    with _in_a_request():
        _read(member_a, compute)
        cache.set(SHARED_STAMP_KEY, new_stamp(), None)  # another worker changes the settings meanwhile
        assert _read(member_a, compute) == 1
        shared_settings_changed()
        assert _read(member_a, compute) == 2
    cache.set(SHARED_STAMP_KEY, new_stamp(), None)
    assert _read(member_a, compute) == 3
    with _in_a_request():
        assert _read(member_a, compute) == 3


def test_the_next_day_recomputes(member_a):
    compute = Counter()
    with time_machine.travel(date(2026, 3, 16), tick=False):
        _read(member_a, compute)
    with time_machine.travel(date(2026, 3, 17), tick=False):
        assert _read(member_a, compute) == 2


def test_an_import_of_many_rows_stamps_the_member_once(member_a, member_admin):
    plan = imports.plan_import(member=member_a, name="x.csv", nir_full=True,
                               content=csv_bytes(*(line(f"NOM{i}", order=i + 1) for i in range(20))))
    before = _stamp(member_a)
    with CaptureQueriesContext(connection) as queries:
        imports.import_apply(member=member_a, actor=member_admin, plan=plan)
    stamps = [q for q in queries.captured_queries if "data_stamp" in q["sql"]]
    assert len(stamps) == 1
    assert _stamp(member_a) != before


# --- each service that writes, then the page that shows it --------------------------------------------------------

def _declaration(member):
    EmployeeFactory(member=member, pcs_code="344B", hire_date=date(2020, 1, 6))
    return DeclarationFactory(member=member, campaign=CampaignFactory(year=2026))


def _mandate(member, actor) -> str:
    _service()  # with its SEPA creditor id
    return sepa_mandate_sign(member=member, holder_name="ENTREPRISE A", iban="FR7630006000011234567890189",
                             bic="AGRIFRPPXXX", address="1 rue de la Paix 13001 MARSEILLE", actor=actor).reference


# page, set-up shown before the write (member → rows), write (member, actor, rows → the text the page then shows)
WRITES = {
    "salarié ajouté": ("/salaries/", None, lambda m, a, _: employee_hired(m, actor=a).birth_name),
    "salarié modifié": ("/salaries/", lambda m: EmployeeFactory(member=m), lambda m, a, employee: employee_update(
        employee=employee, actor=a, data={"birth_name": "RENOMMEE"}).birth_name),
    "salarié sorti": ("/salaries/?status=anciens", lambda m: EmployeeFactory(member=m, birth_name="PARTANTE"),
                      lambda m, a, employee: employee_exit(employee=employee, actor=a, exit_reason="RESIGNATION",
                                                           exit_date=date.today() - timedelta(days=1)).birth_name),
    "facture émise": ("/factures/?annee=2026", None, lambda m, a, _: issued_invoice(m).number),
    "demande de rendez-vous": ("/rendez-vous/", lambda m: EmployeeFactory(member=m),
                               lambda m, a, employee: appointment_request_create(
                                   member=m, actor=a, employees=[employee],
                                   data={"visit_kind": VisitKind.PERIODIC}).number),
    "déclaration transmise": ("/declarations/", _declaration, lambda m, a, declaration: declaration_submit(
        declaration=declaration, actor=a, send_email=False).number),
    "adresse": ("/informations/", None, lambda m, a, _: member_address_save(member=m, actor=a, address=MemberAddress(
        kind="billing", address_line1="9 rue NOUVELLE", postal_code="13002", city="MARSEILLE")).address_line1),
    "contact": ("/informations/", None, lambda m, a, _: member_contact_save(member=m, actor=a, contact=MemberContact(
        kind="hr", first_name="Ginette", last_name="NOUVELLE")).last_name),
    "mandat SEPA": ("/factures/", None, lambda m, a, _: _mandate(m, a)),
    "centre attribué": ("/contacts/", None, lambda m, a, _: member_assignment_set(
        member=m, centre=CentreFactory(name="CENTRE NOUVEAU"), care_team=None, actor=a).centre.name),
    "action en milieu de travail": ("/syntheses/", None, lambda m, a, _: workplace_action_record(
        member=m, date=timezone.localdate(), kind=ActionKind.SITE_VISIT, title="VISITE NOUVELLE", actor=a).title),
}


@pytest.mark.parametrize("page,setup,write", WRITES.values(), ids=WRITES.keys())
def test_the_next_view_shows_what_a_service_wrote(client_a, member_a, member_admin, page, setup, write):
    rows = setup(member_a) if setup else None
    client_a.get(page)
    kept = client_a.get(page).content.decode()
    shown = write(member_a, member_admin, rows)
    assert shown not in kept
    assert shown in client_a.get(page).content.decode()


def test_the_balance_shows_a_payment_recorded_after_a_cached_view(client_a, member_a, member_admin):
    invoice = issued_invoice(member_a)

    def balance() -> str:
        html = client_a.get("/factures/").content.decode()
        return html.split('data-testid="balance">')[1].split("<")[0]

    assert balance() == balance() != "0,00\u202f€"
    payment_record(member=member_a, method=PaymentMethod.CHEQUE, payment_date=date(2026, 2, 1),
                   amount=invoice.total_ttc, allocations=[(invoice, invoice.total_ttc)], actor=member_admin)
    assert balance() == "0,00\u202f€"


def test_home_counts_a_new_hire_right_after_a_cached_view(client_a, member_a, member_admin):
    def incomplete() -> int:
        return int({tile.key: tile for tile in client_a.get("/").context["tiles"]}["workforce"].value)

    EmployeeFactory(member=member_a, pcs_code="")
    assert incomplete() == 1
    assert incomplete() == 1  # served from the cache
    employee_hired(member_a, actor=member_admin, pcs_code="")
    assert incomplete() == 2


def test_a_campaign_opened_shows_on_every_member_s_declarations(client_a, member_a, staff_user):
    assert "2031" not in client_a.get("/declarations/").content.decode()
    campaign_open(actor=staff_user, year=2031, reference_date=date(2031, 1, 1), opens_on=date(2031, 1, 5),
                  closes_on=date(2031, 3, 31), tariff_si=Decimal("90"), tariff_sia=Decimal("100"),
                  tariff_sir=Decimal("120"), vat_rate=Decimal("20"))
    assert "2031" in client_a.get("/declarations/").content.decode()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_member_row_held_by_another_writer_is_stamped_after_this_write_commits(member_a, member_admin):
    """The other writer stamps first and commits first: without the second stamp, a summary computed between the
    two commits would be kept under the last stamp without this write's data."""
    import threading

    from django.db import connections

    from portail.members.models import Member

    held, release, done = threading.Event(), threading.Event(), threading.Event()

    def other_writer():
        with transaction.atomic():
            Member.objects.select_for_update().get(pk=member_a.pk)
            member_data_changed(member_ids=[member_a.pk])  # its own stamp, then it commits before us
            held.set()
            release.wait(10)
        connections.close_all()
        done.set()

    thread = threading.Thread(target=other_writer)
    thread.start()
    assert held.wait(10)
    with transaction.atomic():
        employee_hired(member_a, actor=member_admin)  # our write: the member row is held, our stamp is skipped for now
        release.set()
        assert done.wait(10)  # the other writer has committed its stamp
        their_stamp = _stamp(member_a)
    thread.join()
    assert _stamp(member_a) != their_stamp  # stamped again after our commit
