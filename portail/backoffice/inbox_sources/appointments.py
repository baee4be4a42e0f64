"""Appointment requests and cancellation requests in the back-office inbox.

Booking a slot stays in the appointments screens (the item links there); answering from the inbox calls
the same services, so both paths leave the request in the same state.
"""

from django.db.models import Case, F, When
from django.urls import reverse
from django.utils import timezone

from portail.accounts.models import AccountKind
from portail.appointments.models import AppointmentRequest, CancellationRequest, CancellationStatus, RequestStatus
from portail.appointments.services import appointment_request_answer, cancellation_answer
from portail.backoffice.inbox import InboxSource, of_member, register, timings
from portail.core.formatting import datetime_fr


def _employees(obj) -> str:
    """Names, each with its exit when there is one: the service must not plan a visit after it."""
    today = timezone.localdate()
    return ", ".join(f"{e.first_name} {e.birth_name}{_exit_note(e, today)}" for e in obj.employees.all()) or "—"


def _exit_note(employee, today) -> str:
    if employee.exit_date is None:
        return ""
    word = "sortie prévue le" if employee.is_present_on(today) else "sorti(e) le"
    return f" ({word} {employee.exit_date:%d/%m/%Y})"


class AppointmentRequestSource(InboxSource):
    key = "appointment_request"
    label = "Demande de rendez-vous"
    model = AppointmentRequest
    status_map = {
        "sent": (RequestStatus.SENT,), "in_progress": (RequestStatus.IN_PROGRESS,),
        # A request cancelled because its employees left is closed: listed with the processed ones.
        "done": (RequestStatus.PLANNED, RequestStatus.CANCELLED), "refused": (RequestStatus.REFUSED,),
    }
    work_label = "Planifier dans l'écran Rendez-vous"
    employee_path = "employees"

    def queryset(self):
        # Requests the service creates itself (grouped periodic planning) are its own work, not a member's.
        return (AppointmentRequest.objects.exclude(created_by__kind=AccountKind.STAFF)
                .select_related("member__centre", "created_by").prefetch_related("employees"))

    def summary(self, obj) -> str:
        count = len(obj.employees.all())
        return f"{obj.number} – {obj.get_visit_kind_display()} ({count} salarié{'s' if count > 1 else ''})"

    def details(self, obj) -> list[tuple[str, str]]:
        rows = [
            ("N° de demande", obj.number),
            ("Type de visite", obj.get_visit_kind_display()),
            ("Salarié" if len(obj.employees.all()) < 2 else "Salariés", _employees(obj)),
            ("Périodes souhaitées", obj.preferred_periods or "—"),
            ("Contrainte(s) de convocation", obj.constraints or "—"),
            ("Demandée par", obj.created_by.display_name if obj.created_by else "—"),
            ("Réponse déjà donnée", obj.answer or obj.refusal_reason or "—"),
        ]
        if obj.employer_reason:
            rows.insert(2, ("Motif", obj.get_employer_reason_display()))
        return rows

    def work_url(self, obj) -> str:
        return reverse("backoffice:appointments_request", args=[obj.pk])

    def answer(self, *, obj, status: str, answer: str, actor, request=None) -> None:
        appointment_request_answer(appointment_request=obj, status=status, answer=answer, actor=actor,
                                   request=request)

    def processing_times(self, *, member, year: int):
        rows = AppointmentRequest.objects.filter(of_member(member), created_at__year=year).exclude(
            created_by__kind=AccountKind.STAFF)
        processed = Case(When(status__in=(RequestStatus.PLANNED, RequestStatus.REFUSED, RequestStatus.CANCELLED),
                              then=F("processed_at")),
                         default=None)
        return timings(rows, source=self.key, received=F("created_at"), processed=processed)


class CancellationSource(InboxSource):
    key = "cancellation"
    label = "Demande d'annulation"
    model = CancellationRequest
    status_map = {
        "sent": (CancellationStatus.RECEIVED,), "in_progress": (),
        "done": (CancellationStatus.DONE,), "refused": (CancellationStatus.REFUSED,),
    }
    work_label = "Voir les annulations dans l'écran Rendez-vous"
    employee_path = "appointment__employee"

    def queryset(self):
        return CancellationRequest.objects.select_related(
            "member__centre", "created_by", "appointment__employee", "appointment__centre")

    def summary(self, obj) -> str:
        appointment = obj.appointment
        return (f"Rendez-vous du {datetime_fr(timezone.localtime(appointment.start))} – "
                f"{appointment.employee.first_name} {appointment.employee.birth_name}")

    def details(self, obj) -> list[tuple[str, str]]:
        appointment = obj.appointment
        return [
            ("Rendez-vous", f"{datetime_fr(timezone.localtime(appointment.start))} – "
                            f"{appointment.get_visit_kind_display()}"),
            ("Salarié", f"{appointment.employee.first_name} {appointment.employee.birth_name}"),
            ("Centre", appointment.centre.name),
            ("Motif", obj.get_reason_display()),
            ("Annulation possible jusqu'au", obj.deadline_label),
            ("Demandée par", obj.created_by.display_name if obj.created_by else "—"),
            ("Réponse déjà donnée", obj.answer or "—"),
        ]

    def work_url(self, obj) -> str:
        return reverse("backoffice:appointments_cancellations")

    def answer(self, *, obj, status: str, answer: str, actor, request=None) -> None:
        cancellation_answer(cancellation=obj, status=status, answer=answer, actor=actor, request=request)

    def processing_times(self, *, member, year: int):
        rows = CancellationRequest.objects.filter(of_member(member), created_at__year=year)
        # A cancellation refused out of time is refused at once, on receipt.
        processed = Case(
            When(status=CancellationStatus.RECEIVED, then=None),
            When(processed_at__isnull=False, then=F("processed_at")),
            When(status=CancellationStatus.REFUSED, then=F("created_at")),
            default=None,
        )
        return timings(rows, source=self.key, received=F("created_at"), processed=processed)


register(AppointmentRequestSource())
register(CancellationSource())
