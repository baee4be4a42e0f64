"""NAF rév. 2 (INSEE activity nomenclature, 2008) — 732 sub-classes.

Codes are stored in INSEE's display form "86.21Z". The data is loaded from
`data/naf_rev2.csv` on first use and cached for the life of the process.

NAF rév. 2 is replaced by NAF 2025 on 1 January 2027; see data/SOURCES.md.
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
NAF_FILE = DATA_DIR / "naf_rev2.csv"
NAF_HIERARCHY_FILE = DATA_DIR / "naf_rev2_hierarchy.csv"

# After removing spaces and dots: 4 digits + 1 letter ("8621Z").
_COMPACT_NAF = re.compile(r"^(\d{2})(\d{2})([A-Z])$")


@dataclass(frozen=True, slots=True)
class NafCode(Code):
    """`code`: "86.21Z" for sub-classes, "Q" / "86" for section / division."""


@dataclass(frozen=True, slots=True)
class _NafHierarchy:
    sections: Mapping[str, NafCode]  # "Q" -> section
    divisions: Mapping[str, NafCode]  # "86" -> division
    section_of_division: Mapping[str, str]  # "86" -> "Q"


@cache
def _data() -> CodeTable[NafCode]:
    return code_table(NAF_FILE, NafCode)


@cache
def _hierarchy() -> _NafHierarchy:
    sections: dict[str, NafCode] = {}
    divisions: dict[str, NafCode] = {}
    section_of_division: dict[str, str] = {}
    current_section: str | None = None
    with NAF_HIERARCHY_FILE.open(encoding="utf-8", newline="") as f:
        # The file lists each section immediately followed by its divisions
        # (INSEE order); section letters are not derivable from the division
        # number, so the enclosing section is the last one seen.
        for row in csv.DictReader(f):
            code, label, level = row["code"].strip(), row["label"].strip(), row["level"].strip()
            if level == "section":
                current_section = code
                sections[code] = NafCode(code, label)
            elif level == "division":
                divisions[code] = NafCode(code, label)
                if current_section is not None:
                    section_of_division[code] = current_section
    return _NafHierarchy(
        sections=MappingProxyType(sections),
        divisions=MappingProxyType(divisions),
        section_of_division=MappingProxyType(section_of_division),
    )


def naf_normalize(raw: str | None) -> str | None:
    """Canonical form of a NAF sub-class code, or None if it is not a known one.

    "86.21Z", "8621Z", "8621z" and " 86.21 Z " all give "86.21Z".
    """
    if not raw:
        return None
    m = _COMPACT_NAF.match(compact_code(raw).upper())
    if m is None:
        return None
    code = f"{m[1]}.{m[2]}{m[3]}"
    return code if code in _data().by_code else None


def naf_get(code: str | None) -> NafCode | None:
    normalized = naf_normalize(code)
    return _data().by_code[normalized] if normalized else None


def naf_search(*, query: str, limit: int = 20) -> list[NafCode]:
    """Sub-classes whose code starts with `query` ("86.2", "862"), then those
    whose label contains every word of `query` (accent/case-insensitive, word
    prefixes: "boulang" matches "boulangerie")."""
    return search(_data().index, query, limit)


def naf_all() -> tuple[NafCode, ...]:
    return _data().codes


def naf_division(code: str | None) -> NafCode | None:
    """Division (2 digits, e.g. "86 – Activités pour la santé humaine") of a sub-class."""
    normalized = naf_normalize(code)
    if normalized is None:
        return None
    return _hierarchy().divisions.get(normalized[:2])


def naf_section(code: str | None) -> NafCode | None:
    """Section (letter, e.g. "Q – SANTÉ HUMAINE ET ACTION SOCIALE") of a sub-class.

    Section labels are upper-case in the INSEE source and kept as such.
    """
    normalized = naf_normalize(code)
    if normalized is None:
        return None
    hierarchy = _hierarchy()
    letter = hierarchy.section_of_division.get(normalized[:2])
    return hierarchy.sections.get(letter) if letter else None
