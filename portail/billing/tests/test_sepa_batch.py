from datetime import date, timedelta
from decimal import Decimal

import pytest
import sepaxml
import xmlschema
from django.core.exceptions import ValidationError
from django.utils import timezone
from lxml import etree
from sepaxml import SepaDD  # noqa: F401  (schema files ship with it)

from portail.billing.models import DirectDebitItem, PaymentMethod, SepaMandate
from portail.billing.sepa_batch import direct_debit_batch_create
from portail.billing.services import payment_record
from portail.billing.tests.factories import creditor_account_set, issued_invoice
from portail.portal.demo.members import _service

pytestmark = pytest.mark.django_db
NS = {"p": "urn:iso:std:iso:20022:tech:xsd:pain.008.001.02"}
TODAY = date(2026, 3, 1)


@pytest.fixture
def creditor(db):
    _service()
    creditor_account_set()


def _mandate(member, *, first_done=False):
    return SepaMandate.objects.create(member=member, reference=f"RUM{member.number}", holder_name=member.name,
                                      iban="FR7630006000011234567890189", bic="AGRIFRPPXXX",
                                      signed_at=timezone.now(), first_collection_done=first_done)


def test_batch_validates_and_has_right_amounts_and_sequence_types(creditor, member_a, member_b, member_c):
    _mandate(member_a)
    _mandate(member_b, first_done=True)
    a1 = issued_invoice(member_a, amount_ht="100.00", issue_date=date(2026, 1, 2))  # 120.00
    issued_invoice(member_b, amount_ht="50.00", issue_date=date(2026, 1, 2))  # 60.00
    b_paid = issued_invoice(member_b, amount_ht="10.00", issue_date=date(2026, 1, 2))
    payment_record(member=member_b, method=PaymentMethod.CHEQUE, payment_date=TODAY, amount=Decimal("12"),
                   allocations=[(b_paid, Decimal("12"))])
    issued_invoice(member_c, amount_ht="70.00", issue_date=date(2026, 1, 2))  # no mandate → not collected
    payment_record(member=member_a, method=PaymentMethod.CHEQUE, payment_date=TODAY, amount=Decimal("20"),
                   allocations=[(a1, Decimal("20"))])
    batch = direct_debit_batch_create(collection_date=TODAY + timedelta(days=14), today=TODAY)
    schema = xmlschema.XMLSchema(f"{sepaxml.__path__[0]}/schemas/pain.008.001.02.xsd")
    schema.validate(batch.xml)
    tree = etree.fromstring(batch.xml.encode())
    by_type = {
        info.findtext("p:PmtTpInf/p:SeqTp", namespaces=NS): [t.findtext("p:InstdAmt", namespaces=NS)
                                                            for t in info.findall("p:DrctDbtTxInf", NS)]
        for info in tree.findall(".//p:PmtInf", NS)
    }
    assert by_type == {"FRST": ["100.00"], "RCUR": ["60.00"]}
    assert batch.count == 2 and batch.total == Decimal("160.00")
    assert SepaMandate.objects.get(member=member_a).first_collection_done
    with pytest.raises(ValidationError):  # each invoice once: nothing left to collect
        direct_debit_batch_create(collection_date=TODAY + timedelta(days=20), today=TODAY)
    assert DirectDebitItem.objects.count() == 2


def test_batch_respects_prenotification_delay(creditor, member_a):
    _mandate(member_a)
    issued_invoice(member_a, issue_date=date(2026, 1, 2))
    with pytest.raises(ValidationError, match="pré-notification"):
        direct_debit_batch_create(collection_date=TODAY + timedelta(days=13), today=TODAY)
