"""Exports of the employee list: XLSX, CSV (streamed, both through `portail.core.exports`), print view
and PDF.

Whether the NIR column holds the clear or the masked number is `nir.nir_access`, the same rule as the
single reveal; the export is audited with that fact.
"""

from __future__ import annotations

from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone
from django.views.decorators.http import require_GET

from portail.core.downloads import file_response
from portail.core.exports import Format, export_response
from portail.core.ratelimit import rate_limited
from portail.core.tenancy import member_required
from portail.members.selectors import service_get
from portail.workforce import nir as nirlib
from portail.workforce import selectors, services
from portail.workforce.views import filters_from

HEADERS = [
    "Nom de naissance",
    "Nom marital",
    "Prénom",
    "Date de naissance",
    "Sexe",
    "Poste de travail",
    "Contrat",
    "Code PCS",
    "Date d'embauche",
    "Date de fin de contrat",
    "Catégorie déclarée",
    "Catégorie validée",
    "Date de sortie",
    "Motif de sortie",
]
NIR_HEADER = "N° Sécurité Sociale"
# A masked column must not be read back as NIRs by the import (its title is not a recognised alias).
NIR_MASKED_HEADER = "N° Sécurité Sociale (masqué)"


def _row(employee, with_nir: bool) -> list:
    row = [
        employee.birth_name,
        employee.usage_name,
        employee.first_name,
        employee.birth_date,
        employee.get_sex_display(),
        employee.job_title,
        employee.get_contract_display(),
        employee.pcs_code.upper(),
        employee.hire_date,
        employee.contract_end,
        employee.declared_category,
        employee.service_category or "",
        employee.exit_date,
        employee.get_exit_reason_display(),
    ]
    row.append(nirlib.decrypt(employee.nir_encrypted) if with_nir else employee.nir_masked)
    return row


def _with_nir(request) -> bool:
    return nirlib.nir_access(request.user, role=request.member_role) == "full"


def _headers(with_nir: bool) -> list[str]:
    return [*HEADERS, NIR_HEADER if with_nir else NIR_MASKED_HEADER]


def _filename(member) -> str:
    return f"salaries-{member.number}-{timezone.localdate():%Y%m%d}"


def _export(request, fmt: Format):
    filters, _, _ = filters_from(request)
    with_nir = _with_nir(request)
    employees = selectors.employee_export_rows(member=request.member, filters=filters)
    return export_response(
        request,
        fmt=fmt,
        filename=_filename(request.member),
        headers=_headers(with_nir),
        rows=(_row(employee, with_nir) for employee in employees),
        sheet_title="Salariés",
        audit=lambda: services.employee_export_record(
            member=request.member, actor=request.user, fmt=fmt, with_nir=with_nir, request=request
        ),
    )


@member_required
@require_GET
def export_xlsx(request):
    return _export(request, "xlsx")


@member_required
@require_GET
def export_csv(request):
    return _export(request, "csv")


def _print_context(request) -> dict:
    filters, _, _ = filters_from(request)
    return {
        "member": request.member,
        "service": service_get(),
        "today": timezone.localdate(),
        "employees": selectors.employee_export_rows(member=request.member, filters=filters),
        "filters": filters,
    }


@member_required
@require_GET
def print_view(request):
    services.employee_export_record(
        member=request.member, actor=request.user, fmt="print", with_nir=False, request=request
    )
    return HttpResponse(render_to_string("workforce/print.html", _print_context(request), request=request))


@member_required
@rate_limited("export")
@require_GET
def export_pdf(request):
    from django.contrib.staticfiles import finders
    from weasyprint import HTML

    css_path = finders.find("workforce/print.css")
    assert isinstance(css_path, str), "workforce/print.css ships with the app"
    with open(css_path, encoding="utf-8") as css:
        print_css = css.read()
    context = {**_print_context(request), "pdf": True, "print_css": print_css}
    html = render_to_string("workforce/print.html", context, request=request)
    pdf = HTML(string=html, base_url=request.build_absolute_uri("/")).write_pdf()
    services.employee_export_record(
        member=request.member, actor=request.user, fmt="pdf", with_nir=False, request=request
    )
    return file_response(content=pdf, filename=f"{_filename(request.member)}.pdf", cache_control="no-store")
