"""Convocation PDF, .ics invitation and the e-mails to the member's "contact convocations"."""

from __future__ import annotations

from datetime import UTC

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils import timezone
from icalendar import Calendar, Event

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


def _cancellation_note(appointment: Appointment) -> str:
    limit = appointment_limit(appointment)
    return f"Annulation possible jusqu'au {limit.label}." if limit.allows(timezone.now()) else \
        cancellation_too_late_message(limit)


def appointment_ics(appointment: Appointment) -> bytes:
    """An RFC 5545 event built with the icalendar library (escaping, folding, UTC times); no medical detail, only
    what the employer may know (REFERENCE §8.1)."""
    centre = appointment.centre
    location = ", ".join(p for p in (centre.name, centre.address_line1, centre.address_line2,
                                     f"{centre.postal_code} {centre.city}") if p)
    employee = appointment.employee
    calendar = Calendar()
    calendar.add("prodid", "-//Portail SPST//Rendez-vous//FR")
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    event = Event()
    event.add("uid", f"appointment-{appointment.pk}@portail-spst")
    event.add("dtstamp", timezone.now().astimezone(UTC))
    event.add("dtstart", appointment.start.astimezone(UTC))
    event.add("dtend", appointment.end.astimezone(UTC))
    event.add("summary", f"{appointment.get_visit_kind_display()} – {employee.first_name} {employee.birth_name}")
    event.add("location", location)
    event.add("description", "\n".join([_cancellation_note(appointment), "À apporter : " + " ; ".join(WHAT_TO_BRING)]))
    calendar.add_component(event)
    return calendar.to_ical()


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
