import io

import pytest

from portail.billing.models import Invoice
from portail.billing.selectors import statement
from portail.billing.tiles import tile
from portail.members.models import Member
from portail.portal.demo.billing import load
from portail.portal.demo.members import load as load_members

pytestmark = pytest.mark.django_db
NB = "\u202f"


def test_demo_gives_100001_the_seed_history_and_others_system_invoices():
    out = io.StringIO()
    load_members(stdout=out)
    load(stdout=out)
    load(stdout=out)  # idempotent
    member = Member.objects.get(number="100001")
    assert Invoice.objects.filter(member=member).count() == 13
    current = statement(member=member)
    assert (current.total_debit, current.total_credit, current.balance) == (
        current.total_debit.__class__("4124.40"), current.total_credit.__class__("1058.40"),
        current.balance.__class__("3066.00"))
    home = tile(member=member)
    assert home.value == f"3{NB}066,00{NB}€" and home.tone == "alert" and home.url == "/factures/"
    for number in ("100003", "100004"):
        issued = Invoice.objects.filter(member__number=number, legacy=False, status="issued")
        assert issued.count() == 2 and all(i.number.startswith("F") for i in issued)


def test_tile_for_a_member_without_invoices(member_a):
    home = tile(member=member_a)
    assert home.value == f"0,00{NB}€" and home.tone == "ok"
