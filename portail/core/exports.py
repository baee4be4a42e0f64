"""One way out for every table the application hands over as a file (CSV or XLSX).

Each export goes through `export_response`, so none can forget what they all need:
- rate limiting (`portail.core.ratelimit`, scope "export" unless told otherwise), checked before any work;
- an audit record, through the caller's `audit` callable (core imports no domain app);
- formula neutralisation: a text cell that a spreadsheet would run as a formula (`=`, `+`, `-`, `@`,
  tab, CR) gets a leading apostrophe, unless it is a plain number ("-12", "+3,5") (CSV/formula injection,
  OWASP);
- French column titles given by the caller, dates as dd/mm/yyyy, a UTF-8 BOM and ";" for Excel in CSV;
- an RFC 6266 `Content-Disposition` filename and `Cache-Control: no-store`.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Literal

from django.http import HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.http import content_disposition_header

from portail.core import ratelimit

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"[+-]?\d+(?:[.,]\d+)?")
# Characters XML 1.0 (hence XLSX) cannot hold: openpyxl raises on them.
_XML_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

Format = Literal["csv", "xlsx"]


def neutralise(value):
    """The value as a spreadsheet should show it, never as a formula it would run."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES) and not _PLAIN_NUMBER.fullmatch(value):
        return "'" + value
    return value


def _csv_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return timezone.localtime(value).strftime("%d/%m/%Y %H:%M") if timezone.is_aware(value) else (
            value.strftime("%d/%m/%Y %H:%M"))
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, Decimal | float):
        return str(value).replace(".", ",")
    return str(neutralise(value))


class _Echo:
    def write(self, value):
        return value


def csv_lines(headers: Sequence[str], rows: Iterable[Sequence]) -> Iterator[str]:
    """The CSV text line by line: BOM, ";" separator, neutralised cells."""
    writer = csv.writer(_Echo(), delimiter=";", lineterminator="\r\n")
    yield "\ufeff" + writer.writerow([_csv_text(h) for h in headers])
    for row in rows:
        yield writer.writerow([_csv_text(value) for value in row])


def _xlsx_value(value):
    if isinstance(value, datetime) and timezone.is_aware(value):
        return timezone.make_naive(value)  # Excel has no time zones: local time
    if isinstance(value, str):
        return neutralise(_XML_ILLEGAL.sub("", value))
    return value


def xlsx_bytes(headers: Sequence[str], rows: Iterable[Sequence], *, sheet_title: str = "Export") -> bytes:
    """A one-sheet workbook: bold frozen header with a filter, dates shown dd/mm/yyyy."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(sheet_title[:31])
    sheet.freeze_panes = "A2"
    header_cells = []
    for title in headers:
        cell = WriteOnlyCell(sheet, value=_xlsx_value(title))
        cell.font = Font(bold=True)
        header_cells.append(cell)
    sheet.append(header_cells)
    count = 0
    for row in rows:
        cells = []
        for value in row:
            cell = WriteOnlyCell(sheet, value=_xlsx_value(value))
            if isinstance(value, datetime):
                cell.number_format = "DD/MM/YYYY HH:MM"
            elif isinstance(value, date):
                cell.number_format = "DD/MM/YYYY"
            cells.append(cell)
        sheet.append(cells)
        count += 1
    sheet.auto_filter.ref = f"A1:{get_column_letter(max(1, len(headers)))}{count + 1}"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def export_response(request, *, fmt: Format, filename: str, headers: Sequence[str], rows: Iterable[Sequence],
                    audit: Callable[[], object], sheet_title: str = "Export",
                    scope: str = "export") -> HttpResponse | StreamingHttpResponse:
    """The file as a download, or the "too many requests" page once the account's allowance is spent.

    `filename` has no extension; `audit()` is called once the export is granted (record what was exported,
    never the values); `rows` may be a lazy iterator: CSV is streamed."""
    if not ratelimit.hit(scope=scope, request=request):
        return render(request, "core/rate_limited.html", status=429)
    response: HttpResponse | StreamingHttpResponse
    if fmt == "xlsx":
        content = xlsx_bytes(headers, rows, sheet_title=sheet_title)
        audit()
        response = HttpResponse(content, content_type=XLSX_TYPE)
    elif fmt == "csv":
        audit()
        lines = csv_lines(headers, rows)
        response = StreamingHttpResponse((line.encode("utf-8") for line in lines),
                                         content_type="text/csv; charset=utf-8")
    else:
        raise ValueError(f"unknown export format {fmt!r}")
    disposition = content_disposition_header(as_attachment=True, filename=f"{filename}.{fmt}")
    assert disposition is not None, "an attachment always has a disposition"
    response["Content-Disposition"] = disposition
    response["Cache-Control"] = "no-store"
    return response
