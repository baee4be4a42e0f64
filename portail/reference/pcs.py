"""PCS-ESE 2017 (INSEE occupations for employers' declarations) — 429 professions.

Codes are stored as in the INSEE file, with a lower-case letter ("344b");
forms and users often write "344B", so lookups are case-insensitive and
`PcsCode.display` shows the upper-case form. Loaded lazily from
`data/pcs_ese_2017.csv` and cached for the life of the process.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from types import MappingProxyType

from ._search import Code, CodeTable, code_table, compact_code, search

DATA_DIR = Path(__file__).resolve().parent / "data"
PCS_FILE = DATA_DIR / "pcs_ese_2017.csv"
PCS_CATEGORIES_FILE = DATA_DIR / "pcs_ese_2017_categories.csv"

# 3 digits + 1 letter once spaces are removed and lower-cased ("344b", "100x").
_PCS_FORMAT = re.compile(r"^\d{3}[a-z]$")


@dataclass(frozen=True, slots=True)
class PcsCode(Code):
    """`code`: "344b" for professions, "34" / "3" for categorie / groupe."""

    @property
    def display(self) -> str:
        """Upper-case code, en dash, label: "344B – Médecins salariés non hospitaliers"."""
        return f"{self.code.upper()} – {self.label}"


@cache
def _data() -> CodeTable[PcsCode]:
    return code_table(PCS_FILE, lambda code, label: PcsCode(code.lower(), label))


@cache
def _aggregates() -> Mapping[str, PcsCode]:
    """Groupes ("3") and catégories ("34"), keyed by code."""
    with PCS_CATEGORIES_FILE.open(encoding="utf-8", newline="") as f:
        return MappingProxyType(
            {
                row["code"].strip(): PcsCode(row["code"].strip(), row["label"].strip())
                for row in csv.DictReader(f)
            }
        )


def pcs_normalize(raw: str | None) -> str | None:
    """Stored form ("344b") of a profession code, or None if it is not a known one.

    Case- and space-insensitive: "344B", " 344 b " and "344b" all give "344b".
    """
    if not raw:
        return None
    code = compact_code(raw)
    if not _PCS_FORMAT.match(code):
        return None
    return code if code in _data().by_code else None


def pcs_get(code: str | None) -> PcsCode | None:
    normalized = pcs_normalize(code)
    return _data().by_code[normalized] if normalized else None


def pcs_search(*, query: str, limit: int = 20) -> list[PcsCode]:
    """Professions whose code starts with `query` (case-insensitive: "344",
    "344B"), then those whose label contains every word of `query`
    (accent/case-insensitive word prefixes: "médecin" matches "Médecins")."""
    return search(_data().index, query, limit)


def pcs_all() -> tuple[PcsCode, ...]:
    return _data().codes


def pcs_category(code: str | None) -> PcsCode | None:
    """Catégorie socioprofessionnelle (2 digits, e.g. "34") of a profession code."""
    normalized = pcs_normalize(code)
    return _aggregates().get(normalized[:2]) if normalized else None


def pcs_group(code: str | None) -> PcsCode | None:
    """Groupe socioprofessionnel (1 digit, e.g. "3") of a profession code."""
    normalized = pcs_normalize(code)
    return _aggregates().get(normalized[:1]) if normalized else None
