"""Convocation PDF, .ics invitation and the e-mails to the member's "contact convocations"."""

from __future__ import annotations

from datetime import UTC, datetime

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils import timezone

from portail.accounts.models import User
from portail.appointments.models import Appointment
from portail.appointments.selectors import appointment_limit, cancellation_too_late_message, settings_get
from portail.members.models import ContactKind, MemberContact
from portail.members.selectors import service_get

WHAT_TO_BRING = (
    "une pièce d'identité du salarié",
    "ses lunettes ou lentilles de correction, le cas échéant",
    "la liste de ses traitements en cours et ses documents médicaux utiles (remis au professionnel de santé seulement)",
    "cette convocation",
)


def recipients(member) -> list[str]:
    """The "Contact convocations" e-mails; else the member's login e-mails; else the company e-mail."""
    emails = [c.email for c in MemberContact.objects.filter(member=member, kind=ContactKind.CONVOCATION) if c.email]
    if not emails:
        emails = [u.email for u in User.objects.filter(member=member, kind="member", is_active=True) if u.email]
    if not emails and member.email:
        emails = [member.email]
    return sorted(set(emails))


def _context(appointment: Appointment) -> dict:
    limit = appointment_limit(appointment)
    return {
        "appointment": appointment,
        "limit": limit,
        # Booked or reminded inside the window: no "annulation possible" with a date already past.
        "cancellable": limit.allows(timezone.now()),
        "too_late": cancellation_too_late_message(limit),
        "config": settings_get(),
        "service": service_get(),
        "what_to_bring": WHAT_TO_BRING,
    }


def convocation_pdf(appointment: Appointment) -> bytes:
    from weasyprint import HTML  # heavy import, only when a PDF is made

    html = render_to_string("appointments/convocation_pdf.html", _context(appointment))
    return HTML(string=html).write_pdf()


def _ics_text(value: str) -> str:
    return value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def _ics_time(value: datetime) -> str:
    return value.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def _cancellation_note(appointment: Appointment) -> str:
    limit = appointment_limit(appointment)
    return f"Annulation possible jusqu'au {limit.label}." if limit.allows(timezone.now()) else \
        cancellation_too_late_message(limit)


def appointment_ics(appointment: Appointment) -> str:
    """An RFC 5545 event; no medical detail, only what the employer may know (REFERENCE §8.1)."""
    centre = appointment.centre
    location = ", ".join(p for p in (centre.name, centre.address_line1, f"{centre.postal_code} {centre.city}") if p)
    summary = (
        f"{appointment.get_visit_kind_display()} – {appointment.employee.first_name} {appointment.employee.birth_name}"
    )
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Portail SPST//Rendez-vous//FR",
        "METHOD:REQUEST",
        "BEGIN:VEVENT",
        f"UID:appointment-{appointment.pk}@portail-spst",
        f"DTSTAMP:{_ics_time(timezone.now())}",
        f"DTSTART:{_ics_time(appointment.start)}",
        f"DTEND:{_ics_time(appointment.end)}",
        f"SUMMARY:{_ics_text(summary)}",
        f"LOCATION:{_ics_text(location)}",
        f"DESCRIPTION:{_ics_text(_cancellation_note(appointment))}",
        "END:VEVENT",
        "END:VCALENDAR",
    ]
    return "\r\n".join(lines) + "\r\n"


def convocation_email(appointment: Appointment) -> EmailMessage | None:
    to = recipients(appointment.member)
    if not to:
        return None
    context = _context(appointment)
    body = render_to_string("appointments/email/convocation.txt", context)
    message = EmailMessage(
        subject=f"Convocation – {appointment.get_visit_kind_display()} le {timezone.localtime(appointment.start):%d/%m/%Y à %H:%M}",
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=to,
    )
    message.attach(f"convocation-{appointment.pk}.pdf", convocation_pdf(appointment), "application/pdf")
    message.attach(f"rendez-vous-{appointment.pk}.ics", appointment_ics(appointment), "text/calendar")
    return message


def reminder_email(appointment: Appointment, *, days: int) -> EmailMessage | None:
    to = recipients(appointment.member)
    if not to:
        return None
    context = {**_context(appointment), "days": days}
    message = EmailMessage(
        subject=f"Rappel : rendez-vous le {timezone.localtime(appointment.start):%d/%m/%Y à %H:%M}",
        body=render_to_string("appointments/email/reminder.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=to,
    )
    message.attach(f"rendez-vous-{appointment.pk}.ics", appointment_ics(appointment), "text/calendar")
    return message
