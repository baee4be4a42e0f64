"""« Télécharger les lignes rejetées »: the rows in error of an import, as the member's file had them, plus an
« Erreur » column saying what to fix, so that the corrected sheet can be imported again as is."""

from __future__ import annotations

from portail.audit.services import event_record
from portail.core.exports import export_response
from portail.workforce import import_files, imports

ERROR_HEADER = "Erreur"


def rejected_table(*, member, name: str, content: bytes, mapping: list[str],
                   nir_full: bool) -> tuple[list[str], list[list]]:
    table = import_files.read_rows(name=name, content=content)
    plan = imports.plan_import(member=member, name=name, content=content, mapping=mapping, nir_full=nir_full)
    header = [import_files.cell_text(title) for title in table[0]]
    rows = []
    for row in plan.rows:
        if row.action != "error":
            continue
        cells = [import_files.cell_text(value) for value in table[row.line - 1]]
        cells += [""] * (len(header) - len(cells))
        message = " ; ".join(f"{imports.LABELS.get(f, f)} : {m}" for f, m in row.errors)
        rows.append([*cells[: len(header)], message])
    return [*header, ERROR_HEADER], rows


def rejected_rows_response(request, *, name: str, content: bytes, mapping: list[str], nir_full: bool):
    headers, rows = rejected_table(member=request.member, name=name, content=content, mapping=mapping,
                                   nir_full=nir_full)
    stem = name.rsplit(".", 1)[0][:60] or "import"
    return export_response(
        request, fmt="xlsx", filename=f"{stem}-lignes-rejetees", headers=headers, rows=rows, scope="import",
        sheet_title="Lignes rejetées",
        audit=lambda: event_record(action="employee.import_rejects", actor=request.user, member=request.member,
                                   request=request, summary=f"Lignes rejetées de l'import ({len(rows)})",
                                   data={"rows": len(rows)}),
    )
