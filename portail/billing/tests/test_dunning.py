"""Issue 23: dunning in levels (rappel, relance, mise en demeure), letters for members without e-mail, legal
penalties and the 40 € indemnity, idempotent, and a report of the members who could not be reached."""

import io
from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from pypdf import PdfReader

from portail.billing.dunning import dunning_letters_pdf, dunning_run, late_penalties, letters_to_print
from portail.billing.models import Reminder
from portail.billing.tests.factories import issued_invoice
from portail.portal.demo.members import _service

pytestmark = pytest.mark.django_db
PARIS = ZoneInfo("Europe/Paris")
DAY1 = date(2026, 3, 2)


def _text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


@pytest.fixture
def overdue(member_a):
    _service()
    member_a.email = "compta@entreprise-a.example"
    member_a.save()
    return issued_invoice(member_a, amount_ht="100.00", issue_date=date(2026, 1, 2))  # due 01/02/2026


def _run(day: date):
    with time_machine.travel(datetime(day.year, day.month, day.day, 10, tzinfo=PARIS), tick=False):
        return dunning_run(today=day)


def test_late_penalties_follow_the_annual_rate_per_day():
    assert late_penalties(amount=Decimal("1000.00"), due_date=date(2026, 1, 1), on=date(2026, 1, 31),
                          rate=Decimal("12.15")) == Decimal("9.99")
    assert late_penalties(amount=Decimal("1000.00"), due_date=date(2026, 1, 1), on=date(2025, 12, 1),
                          rate=Decimal("12.15")) == 0


def test_three_levels_each_sent_once_then_nothing_more(overdue):
    assert len(_run(DAY1).emailed) == 1
    second_click = _run(DAY1)
    assert second_click.emailed == [] and second_click.not_yet == 1 and len(mail.outbox) == 1
    assert _run(DAY1 + timedelta(days=14)).emailed == []
    _run(DAY1 + timedelta(days=15))
    _run(DAY1 + timedelta(days=30))
    assert _run(DAY1 + timedelta(days=60)).emailed == []
    assert list(Reminder.objects.order_by("level").values_list("level", flat=True)) == [1, 2, 3]
    subjects = [m.subject for m in mail.outbox]
    assert subjects == [f"Rappel : facture n° {overdue.number}", f"Relance : facture n° {overdue.number}",
                        f"Mise en demeure : facture n° {overdue.number}"]


def test_formal_notice_claims_penalties_and_the_40_euro_indemnity(overdue):
    for offset in (0, 15, 30):
        _run(DAY1 + timedelta(days=offset))
    notice = Reminder.objects.get(level=3)
    # 120,00 € owed 59 days after the due date (01/02 → 01/04/2026) at 12,15 % a year.
    assert notice.penalties == Decimal("2.36") and notice.indemnity == Decimal("40.00")
    body = mail.outbox[-1].body
    assert "mettons en demeure" in body and "2,36" in body and "40,00" in body and "162,36" in body
    assert "L441-10" in body and "D441-5" in body
    letter = mail.outbox[-1].attachments[-1]
    assert letter[0] == f"mise-en-demeure-{overdue.number}.pdf"
    assert "Mise en demeure" in _text(letter[1])


def test_member_without_email_gets_a_letter_to_print(overdue, member_a):
    member_a.email = ""
    member_a.save()
    report = _run(DAY1)
    assert report.emailed == [] and len(report.letters) == 1 and not mail.outbox
    assert letters_to_print(on=DAY1) == report.letters
    text = _text(dunning_letters_pdf(reminders=report.letters))
    assert "Rappel – facture n° " + overdue.number in text and "ENTREPRISE A" in text and "120,00" in text
    assert "1 courrier à imprimer" in report.summary


def test_report_names_the_members_that_could_not_be_reached(overdue, member_a):
    member_a.email = ""
    member_a.address_line1 = member_a.postal_code = member_a.city = ""
    member_a.save()
    report = _run(DAY1)
    assert report.unreachable == [overdue] and not Reminder.objects.exists()
    assert "900001 – ENTREPRISE A" in report.summary and "sans destinataire" in report.summary
