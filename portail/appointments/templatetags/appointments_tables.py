"""The rows of the member's appointment lists, drawn in Python (see portail.core.rows), and the
centre's address, which they share with the cancellation form."""

from django import template
from django.utils.safestring import mark_safe
from django.utils.timezone import get_current_timezone

from portail.core.formatting import date_fr, datetime_fr, time_fr
from portail.core.rows import Displays, text
from portail.core.templatetags.ui import icon, pk_url

register = template.Library()

PAST_BADGES = {"realise": " ok", "absent_non_excuse": " alert"}  # any other status: " warning"


def professional_html(professional) -> str:
    """Role, first name and last name in capitals ("Médecin du travail – Anne MARTIN"), or "—" when none
    is set yet. Ends with a newline, as the include file it replaced did."""
    if not professional:
        return "—\n"
    return (
        f"{text(professional.get_role_display())} – {text(professional.first_name)} "
        f"{text(professional.last_name.upper())}\n"
    )


@register.simple_tag
def centre_address(centre) -> str:
    """Name, then the address on two lines. Ends with a newline, as the include file it replaced did."""
    line2 = f", {text(centre.address_line2)}" if centre.address_line2 else ""
    return mark_safe(  # nosec B308 B703 -- every value went through text()
        f"<strong>{text(centre.name)}</strong><br>{text(centre.address_line1)}{line2}<br>"
        f"{text(centre.postal_code)} {text(centre.city)}\n"
    )


class _PerId(dict):
    """The professional's and the centre's markup once per table: a few of them serve every row."""

    def of(self, key, draw, obj) -> str:
        try:
            return self[key]
        except KeyError:
            shown = self[key] = draw(obj)
            return shown


@register.simple_tag
def upcoming_appointment_rows(rows, contact: str = "") -> str:
    """The `<tr>`s of "Mes rendez-vous à venir" in `appointments/list.html`, whitespace included.
    Each row carries `limit`, `cancellable` and `cancellation_status`/`_label` (selectors.upcoming_appointments);
    `contact` says how to reach the service once the cancellation limit has passed."""
    kinds, professionals, centres = Displays("get_visit_kind_display"), _PerId(), _PerId()
    tz = get_current_timezone()
    html = []
    for a in rows:
        if a.cancellation_status:
            badge = " alert" if a.cancellation_status == "refusee" else " warning"
            cancellation = f'<span class="badge{badge}">{text(a.cancellation_label)}</span>\n            '
        elif not a.cancellable:
            cancellation = f'<span class="badge alert">Délai dépassé</span> : contactez le service {text(contact)}'
        else:
            cancellation = f"possible jusqu'au {text(a.limit.label)}"
        html.append(
            f"\n      <tr>\n"
            f"        <td>{text(date_fr(a.start, tz=tz))}</td><td>{text(time_fr(a.start, tz=tz))}</td>\n"
            f"        <td>{text(a.employee.first_name)} {text(a.employee.birth_name)}</td>\n"
            f"        <td>{kinds.of(a, a.visit_kind)}</td>\n"
            f"        <td>{professionals.of(a.professional_id, professional_html, a.professional)}</td>\n"
            f"        <td>{centres.of(a.centre_id, centre_address, a.centre)}</td>\n"
            f"        <td>{cancellation}</td>\n"
            f"      </tr>\n    "
        )
    return mark_safe("".join(html))  # nosec B308 B703 -- every value above went through text()


@register.simple_tag
def past_appointment_rows(rows) -> str:
    """The `<tr>`s of "Rendez-vous passés" in `appointments/list.html`, whitespace included; the
    documents are prefetched (selectors.past_appointments)."""
    kinds, statuses = Displays("get_visit_kind_display"), Displays("get_status_display")
    document_kinds, professionals = Displays("get_kind_display"), _PerId()
    download = icon("download")
    tz = get_current_timezone()
    html = []
    for a in rows:
        documents = "<br>".join(
            f'<a href="{pk_url("appointments:document", d.pk)}">{download} {document_kinds.of(d, d.kind)}</a>'
            for d in a.documents.all()
        )
        html.append(
            f"\n      <tr>\n"
            f"        <td>{text(datetime_fr(a.start, tz=tz))}</td>\n"
            f"        <td>{text(a.employee.first_name)} {text(a.employee.birth_name)}</td>\n"
            f"        <td>{kinds.of(a, a.visit_kind)}</td>\n"
            f"        <td>{professionals.of(a.professional_id, professional_html, a.professional)}</td>\n"
            f'        <td><span class="badge{PAST_BADGES.get(a.status, " warning")}">{statuses.of(a, a.status)}</span></td>\n'
            f"        <td>{documents or '—'}</td>\n"
            f"      </tr>\n    "
        )
    return mark_safe("".join(html))  # nosec B308 B703 -- every value above went through text()


REQUEST_BADGES = {"refusee": " alert", "annulee": ""}  # any other status: " warning"


@register.simple_tag
def appointment_request_rows(rows) -> str:
    """The `<tr>`s of "Mes demandes de rendez-vous" in `appointments/list.html`, whitespace included;
    the employees are prefetched (selectors.open_requests)."""
    kinds, statuses = Displays("get_visit_kind_display"), Displays("get_status_display")
    tz = get_current_timezone()
    html = []
    for r in rows:
        employees = ", ".join(f"{text(e.first_name)} {text(e.birth_name)}" for e in r.employees.all())
        refusal = f" : {text(r.refusal_reason)}" if r.refusal_reason else ""
        html.append(
            f"\n      <tr>\n"
            f'        <td><a href="{pk_url("appointments:request_receipt", r.pk)}">{text(r.number)}</a></td>\n'
            f"        <td>{text(datetime_fr(r.created_at, tz=tz))}</td>\n"
            f"        <td>{employees}</td>\n"
            f"        <td>{kinds.of(r, r.visit_kind)}</td>\n"
            f'        <td><span class="badge{REQUEST_BADGES.get(r.status, " warning")}">'
            f"{statuses.of(r, r.status)}</span>{refusal}</td>\n"
            f"      </tr>\n    "
        )
    return mark_safe("".join(html))  # nosec B308 B703 -- every value above went through text()


CANCELLATION_BADGES = {"refusee": " alert", "traitee": " ok"}  # any other status: " warning"


@register.simple_tag
def cancellation_rows(rows) -> str:
    """The `<tr>`s of "Mes demandes d'annulation" in `appointments/list.html`, whitespace included;
    the appointment and its employee are joined (selectors.cancellations_for)."""
    statuses = Displays("get_status_display")
    tz = get_current_timezone()
    html = []
    for c in rows:
        appointment = c.appointment
        employee = appointment.employee
        html.append(
            f"\n      <tr>\n"
            f'        <td><a href="{pk_url("appointments:cancellation_detail", c.pk)}">'
            f"{text(datetime_fr(c.created_at, tz=tz))}</a></td>\n"
            f"        <td>{text(datetime_fr(appointment.start, tz=tz))}</td>\n"
            f"        <td>{text(employee.first_name)} {text(employee.birth_name)}</td>\n"
            f'        <td><span class="badge{CANCELLATION_BADGES.get(c.status, " warning")}">'
            f"{statuses.of(c, c.status)}</span></td>\n"
            f"      </tr>\n    "
        )
    return mark_safe("".join(html))  # nosec B308 B703 -- every value above went through text()
