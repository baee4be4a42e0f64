"""Dunning in three levels (rappel, relance, mise en demeure) for overdue invoices: by e-mail with the invoice, by
post (a PDF letter staff print) for members without e-mail, and a report of the members who could not be reached.

Idempotent: one Reminder per invoice and level (a unique constraint), the next level only DUNNING_INTERVAL_DAYS
after the previous one, so a second click sends nothing twice. The letter carries the legal late-payment
penalties (Code de commerce L441-10) and the flat recovery indemnity (D441-5), computed on the day it is sent
and stored with it, so it draws again identically."""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone

from portail.audit.services import event_record
from portail.billing.accounting import overdue_invoices, reminder_recipients
from portail.billing.archive import invoice_document
from portail.billing.models import DunningLevel, Invoice, Reminder, ReminderChannel
from portail.billing.pdf import render_pdf
from portail.billing.selectors import billing_service, billing_settings_get, member_billing_address
from portail.billing.snapshot import buyer_party
from portail.core.formatting import count_fr, money_fr
from portail.core.money import cents

DUNNING_INTERVAL_DAYS = 15


@dataclass
class DunningReport:
    emailed: list[Reminder] = field(default_factory=list)
    letters: list[Reminder] = field(default_factory=list)
    unreachable: list[Invoice] = field(default_factory=list)
    not_yet: int = 0  # overdue, but the next level is not due yet (or the last one was sent)

    @property
    def summary(self) -> str:
        parts = [f"{count_fr(len(self.emailed), 'relance envoyée')} par e-mail",
                 f"{count_fr(len(self.letters), 'courrier')} à imprimer"]
        if self.unreachable:
            members = ", ".join(dict.fromkeys(f"{i.member.number} – {i.member.name}" for i in self.unreachable))
            parts.append(f"{count_fr(len(self.unreachable), 'facture')} sans destinataire (ni e-mail ni adresse) : {members}")
        if self.not_yet:
            parts.append(f"{count_fr(self.not_yet, 'facture déjà relancée', 'factures déjà relancées')}, prochaine relance pas encore due")
        return " ; ".join(parts) + "."


def late_penalties(*, amount: Decimal, due_date: date, on: date, rate: Decimal) -> Decimal:
    """L441-10: due from the day after the due date, at the annual rate, on the amount still owed."""
    days = max((on - due_date).days, 0)
    return cents(amount * rate / 100 * days / 365)


def next_level(*, invoice: Invoice, today: date) -> int | None:
    last = Reminder.objects.filter(invoice=invoice).order_by("-level").first()
    if last is None:
        return DunningLevel.REMINDER
    if last.level >= DunningLevel.FORMAL_NOTICE:
        return None
    if (today - timezone.localtime(last.sent_at).date()).days < DUNNING_INTERVAL_DAYS:
        return None
    return last.level + 1


def _postal_address(member) -> list[str]:
    return buyer_party(member, member_billing_address(member=member)).address_lines


def dunning_run(*, today: date | None = None, actor=None, request=None) -> DunningReport:
    """Send the next due level for every overdue invoice; returns what was done and who could not be reached."""
    today = today or timezone.localdate()
    terms, report = billing_settings_get(), DunningReport()
    for invoice in overdue_invoices(today=today):
        level = next_level(invoice=invoice, today=today)
        if level is None:
            report.not_yet += 1
            continue
        recipients = reminder_recipients(member=invoice.member)
        if not recipients and not any(_postal_address(invoice.member)):
            report.unreachable.append(invoice)
            continue
        reminder = _record(invoice=invoice, level=level, today=today, terms=terms, actor=actor,
                           channel=ReminderChannel.EMAIL if recipients else ReminderChannel.LETTER,
                           recipients=recipients)
        if reminder is None:  # another click recorded this level meanwhile
            report.not_yet += 1
            continue
        if recipients:
            _send(reminder=reminder, recipients=recipients)
            report.emailed.append(reminder)
        else:
            report.letters.append(reminder)
        event_record(action="billing.reminder_sent", actor=actor, member=invoice.member, obj=invoice,
                     request=request, summary=f"{reminder.get_level_display()} ({reminder.get_channel_display()}) "
                                              f"de la facture n° {invoice.number}, reste dû "
                                              f"{money_fr(reminder.open_amount)}")
    event_record(action="billing.dunning_run", actor=actor, request=request, summary=report.summary[:300])
    return report


def _record(*, invoice: Invoice, level: int, today: date, terms, channel: str, recipients: list[str],
            actor) -> Reminder | None:
    assert invoice.due_date is not None  # an overdue invoice: issued, with a due date already past
    try:
        with transaction.atomic():
            return Reminder.objects.create(
                invoice=invoice, level=level, channel=channel, sent_at=timezone.now(),
                sent_by=actor if getattr(actor, "is_authenticated", False) else None,
                recipients=", ".join(recipients)[:500], open_amount=invoice.open_amount,
                penalties=late_penalties(amount=invoice.open_amount, due_date=invoice.due_date, on=today,
                                         rate=terms.late_penalty_rate),
                indemnity=terms.recovery_indemnity,
            )
    except IntegrityError:
        return None


def _letter_context(reminder: Reminder) -> dict:
    invoice, terms = reminder.invoice, billing_settings_get()
    return {
        "reminder": reminder, "invoice": invoice, "service": billing_service(), "terms": terms,
        "buyer": buyer_party(invoice.member, member_billing_address(member=invoice.member)),
        "sent_on": timezone.localtime(reminder.sent_at).date(),
        "total_claimed": reminder.open_amount + reminder.penalties + reminder.indemnity,
        "formal_notice": reminder.level == DunningLevel.FORMAL_NOTICE,
    }


def _send(*, reminder: Reminder, recipients: list[str]) -> None:
    invoice, service = reminder.invoice, billing_service()
    body = render_to_string("billing/dunning_email.txt", _letter_context(reminder))
    message = EmailMessage(subject=f"{reminder.get_level_display()} : facture n° {invoice.number}", body=body,
                           to=recipients, reply_to=[service.hotline_email] if service.hotline_email else None)
    message.attach(f"facture-{invoice.number}.pdf", invoice_document(invoice=invoice), "application/pdf")
    if reminder.level == DunningLevel.FORMAL_NOTICE:
        message.attach(f"mise-en-demeure-{invoice.number}.pdf", dunning_letters_pdf(reminders=[reminder]),
                       "application/pdf")
    message.send()


def dunning_letters_pdf(*, reminders: list[Reminder]) -> bytes:
    """The letters to print, one page each (WeasyPrint)."""
    return render_pdf("billing/pdf/dunning_letters.html", {"letters": [_letter_context(r) for r in reminders]})


def letters_to_print(*, on: date) -> list[Reminder]:
    return list(Reminder.objects.filter(channel=ReminderChannel.LETTER, sent_at__date=on)
                .select_related("invoice__member").order_by("invoice__member__number", "invoice__number"))
