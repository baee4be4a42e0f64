"""Exports of the employee list: XLSX, CSV (streamed), print view and PDF.

Text cells that a spreadsheet would read as a formula (= + - @ tab CR) are prefixed with "'"
(CSV/formula injection). The NIR goes into XLSX/CSV only, for the member's own users, and the
export is audited with that fact.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from datetime import date

from django.http import HttpResponse, StreamingHttpResponse
from django.template.loader import render_to_string
from django.utils import timezone
from django.views.decorators.http import require_GET

from portail.core.ratelimit import rate_limited
from portail.core.tenancy import member_required
from portail.members.selectors import service_get
from portail.workforce import nir as nirlib
from portail.workforce import selectors, services
from portail.workforce.views import filters_from

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
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


def neutralise(value):
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


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
    if with_nir:
        row.append(nirlib.decrypt(employee.nir_encrypted))
    return [neutralise(v) for v in row]


def _with_nir(request) -> bool:
    # Only the member's own users get the NIR, never a mandataire acting for it (issue §4).
    return not request.user.is_mandataire


def _headers(with_nir: bool) -> list[str]:
    return HEADERS + (["N° Sécurité Sociale"] if with_nir else [])


def _filename(member, ext: str) -> str:
    return f"salaries-{member.number}-{timezone.localdate():%Y%m%d}.{ext}"


@member_required
@rate_limited("export")
@require_GET
def export_xlsx(request):
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    filters, _, _ = filters_from(request)
    with_nir = _with_nir(request)
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Salariés")
    sheet.freeze_panes = "A2"
    headers = _headers(with_nir)
    header_cells = []
    for title in headers:
        cell = WriteOnlyCell(sheet, value=title)
        cell.font = Font(bold=True)
        header_cells.append(cell)
    sheet.append(header_cells)
    count = 0
    for employee in selectors.employee_export_rows(member=request.member, filters=filters):
        cells = []
        for value in _row(employee, with_nir):
            cell = WriteOnlyCell(sheet, value=value)
            if isinstance(value, date):
                cell.number_format = "DD/MM/YYYY"
            cells.append(cell)
        sheet.append(cells)
        count += 1
    sheet.auto_filter.ref = f"A1:{_column_letter(len(headers))}{count + 1}"
    buffer = io.BytesIO()
    workbook.save(buffer)
    services.employee_export_record(
        member=request.member, actor=request.user, fmt="xlsx", with_nir=with_nir, request=request
    )
    response = HttpResponse(
        buffer.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="{_filename(request.member, "xlsx")}"'
    response["Cache-Control"] = "no-store"
    return response


def _column_letter(n: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(n)


class _Echo:
    def write(self, value):
        return value


def _csv_lines(employees, with_nir: bool) -> Iterator[str]:
    writer = csv.writer(_Echo(), delimiter=";")
    yield "\ufeff" + writer.writerow(_headers(with_nir))
    for employee in employees:
        yield writer.writerow([v.strftime("%d/%m/%Y") if isinstance(v, date) else v for v in _row(employee, with_nir)])


@member_required
@rate_limited("export")
@require_GET
def export_csv(request):
    filters, _, _ = filters_from(request)
    with_nir = _with_nir(request)
    services.employee_export_record(
        member=request.member, actor=request.user, fmt="csv", with_nir=with_nir, request=request
    )
    rows = selectors.employee_export_rows(member=request.member, filters=filters)
    response = StreamingHttpResponse(
        (line.encode("utf-8") for line in _csv_lines(rows, with_nir)), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{_filename(request.member, "csv")}"'
    response["Cache-Control"] = "no-store"
    return response


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

    with open(finders.find("workforce/print.css"), encoding="utf-8") as css:
        print_css = css.read()
    context = {**_print_context(request), "pdf": True, "print_css": print_css}
    html = render_to_string("workforce/print.html", context, request=request)
    pdf = HTML(string=html, base_url=request.build_absolute_uri("/")).write_pdf()
    services.employee_export_record(
        member=request.member, actor=request.user, fmt="pdf", with_nir=False, request=request
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{_filename(request.member, "pdf")}"'
    response["Cache-Control"] = "no-store"
    return response
