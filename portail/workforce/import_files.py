"""Reading an uploaded employee file into a table of text cells: CSV (any of the usual encodings and separators)
or XLSX. Hostile files are refused before any parser sees them: size cap, magic bytes, XLSX entry count and declared
uncompressed size."""

from __future__ import annotations

import csv
import io
import zipfile
from datetime import date, datetime

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 10_000
MAX_ZIP_ENTRIES = 100
MAX_UNCOMPRESSED = 50 * 1024 * 1024
XLSX_MAGIC = b"PK\x03\x04"
MAX_COLUMNS = 60


class ImportRefused(ValueError):
    """The whole file is refused; French message for the user."""


def read_table(name: str, content: bytes) -> list[list[str]]:
    if len(content) > MAX_BYTES:
        raise ImportRefused("Le fichier dépasse la taille maximale de 5 Mo.")
    lower = name.lower()
    if lower.endswith(".xlsx"):
        return _read_xlsx(content)
    if lower.endswith(".csv") or lower.endswith(".txt"):
        return _read_csv(content)
    raise ImportRefused("Seuls les fichiers CSV et Excel (.xlsx) sont acceptés.")


def _read_xlsx(content: bytes) -> list[list[str]]:
    if not content.startswith(XLSX_MAGIC):
        raise ImportRefused("Ce fichier n'est pas un vrai fichier Excel (.xlsx).")
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
        infos = archive.infolist()
    except Exception:  # BadZipFile, but also ValueError, OSError, EOFError… on forged headers
        raise ImportRefused("Ce fichier Excel est endommagé.") from None
    if len(infos) > MAX_ZIP_ENTRIES or sum(i.file_size for i in infos) > MAX_UNCOMPRESSED:
        raise ImportRefused("Ce fichier Excel est anormalement volumineux une fois décompressé : il est refusé.")
    from openpyxl import load_workbook

    try:
        sheet = load_workbook(io.BytesIO(content), read_only=True, data_only=True).worksheets[0]
        rows = []
        for row in sheet.iter_rows(values_only=True):
            rows.append(["" if v is None else v for v in row])
            if len(rows) > MAX_ROWS + 1:
                break
        return rows
    except Exception:  # openpyxl raises many types on malformed parts
        raise ImportRefused("Ce fichier Excel ne peut pas être lu.") from None


def _decode(content: bytes) -> str:
    if b"\x00" in content:
        # A binary file, or text saved as UTF-16 ("Texte Unicode" in Excel).
        raise ImportRefused(
            "Ce fichier n'est pas un fichier texte CSV : enregistrez-le depuis votre tableur au format "
            "« CSV UTF-8 » ou « CSV (séparateur : point-virgule) »."
        )
    for encoding in ("utf-8-sig", "cp1252", "latin-1"):
        try:
            return content.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ImportRefused("Encodage du fichier non reconnu.")  # pragma: no cover - latin-1 decodes anything


def _read_csv(content: bytes) -> list[list[str]]:
    text = _decode(content)
    if "\n" not in text:
        text = text.replace("\r", "\n")  # old Mac files end their lines with CR alone
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") >= first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    rows = []
    try:
        for row in reader:
            if any(c.strip() for c in row):
                rows.append(row)
            if len(rows) > MAX_ROWS + 1:
                break
    except csv.Error as error:
        raise ImportRefused(_csv_error_message(str(error), reader.line_num)) from None
    return rows


def _csv_error_message(error: str, line: int) -> str:
    """csv's English errors told in French, with the line of the file."""
    if "field larger than field limit" in error:
        limit = f"{csv.field_size_limit():_}".replace("_", "\u202f")
        return f"Ligne {line} : une cellule dépasse {limit} caractères. Vérifiez que le fichier est bien la liste " \
               "de vos salariés."
    if "new-line character" in error:
        return (
            f"Ligne {line} : un retour chariot isolé coupe une cellule. Enregistrez de nouveau le fichier au format "
            "CSV depuis votre tableur, ou mettez la cellule entre guillemets."
        )
    return f"Ligne {line} : le fichier CSV est mal formé (guillemets ou séparateurs). Vérifiez cette ligne."


def cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    text = str(value).strip()
    # Exports prefix formula-like cells with "'"; undo it so a re-import is identical.
    return text[1:] if text.startswith("'") and text[1:2] in ("=", "+", "-", "@") else text


def read_rows(*, name: str, content: bytes) -> list[list]:
    """The file's table (header first), or ImportRefused for a hostile or empty file."""
    table = read_table(name, content)
    if len(table) < 2:
        raise ImportRefused("Le fichier ne contient aucune ligne de salarié.")
    if len(table) > MAX_ROWS + 1:
        raise ImportRefused(f"Le fichier dépasse {MAX_ROWS} lignes : découpez-le.")
    if len(table[0]) > MAX_COLUMNS:
        raise ImportRefused(f"Le fichier contient plus de {MAX_COLUMNS} colonnes.")
    return table
