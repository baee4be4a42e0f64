"""French postal codes (La Poste "base officielle des codes postaux").

One source row per commune × postal code × lieu-dit (39 192 rows). Loaded
lazily from `data/codes_postaux.csv` into a read-only dict
postal code -> tuple of communes, cached for the life of the process.

Cedex codes are not in the file, so they are unknown here.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from types import MappingProxyType

from .text import words

DATA_DIR = Path(__file__).resolve().parent / "data"
POSTAL_CODES_FILE = DATA_DIR / "codes_postaux.csv"

# ASCII digits only: str.isdigit() would accept e.g. Arabic-Indic digits, and
# Corsican department codes "2A"/"2B" only occur in INSEE codes, never in
# postal codes (Corsica is 20xxx).
_POSTAL_CODE = re.compile(r"^[0-9]{5}$")
_WHITESPACE = re.compile(r"\s+")

# Addresses write "Saint-Jean", La Poste writes "ST JEAN".
_ABBREVIATIONS = {"saint": "st", "sainte": "ste", "saints": "sts", "saintes": "stes"}
# "Paris 1er", "Lyon 3e", "Marseille 2ème" vs La Poste "PARIS 01", "MARSEILLE 02".
_ORDINAL = re.compile(r"^0*(\d+)(?:er|re|e|eme|me)?$")
_NOISE_WORDS = frozenset({"arrondissement", "arr"})


@dataclass(frozen=True, slots=True)
class Commune:
    postal_code: str  # "66330"
    insee_code: str  # "66028"; Corsica "2A004"; arrondissements "13201"
    name: str  # La Poste spelling, upper-case, no accents: "ST DENIS LES BOURG"
    delivery_label: str  # libellé d'acheminement: "MARSEILLE" for "MARSEILLE 01"
    line5: str  # lieu-dit of the first source row for this commune, often ""


@dataclass(frozen=True, slots=True)
class _PostalIndex:
    by_code: Mapping[str, tuple[Commune, ...]]
    row_count: int  # data rows read from the CSV, before de-duplication


@cache
def _index() -> _PostalIndex:
    grouped: dict[str, list[Commune]] = {}
    seen: set[tuple[str, str, str]] = set()
    row_count = 0
    with POSTAL_CODES_FILE.open(encoding="utf-8", newline="") as f:
        reader = csv.reader(f)
        next(reader, None)  # header
        for postal_code, insee_code, name, delivery_label, line5 in reader:
            row_count += 1
            # Several rows per commune differ only by lieu-dit (ligne 5); a
            # commune picker wants each commune once.
            key = (postal_code, insee_code, name)
            if key in seen:
                continue
            seen.add(key)
            grouped.setdefault(postal_code, []).append(
                Commune(postal_code, insee_code, name, delivery_label, line5)
            )
    return _PostalIndex(
        by_code=MappingProxyType({code: tuple(communes) for code, communes in grouped.items()}),
        row_count=row_count,
    )


def postal_code_normalize(raw: str | None) -> str | None:
    """Five-digit postal code with spaces removed ("75 001" -> "75001"), or None.

    Format check only (see `is_known_postal_code` for existence). A 4-digit
    value (leading zero lost by a spreadsheet) is rejected rather than
    guessed.
    """
    if not raw:
        return None
    code = _WHITESPACE.sub("", raw)
    return code if _POSTAL_CODE.match(code) else None


def is_known_postal_code(code: str | None) -> bool:
    normalized = postal_code_normalize(code)
    return normalized is not None and normalized in _index().by_code


def communes_for(postal_code: str | None) -> list[Commune]:
    """Communes served by a postal code, once per (INSEE code, name), source order."""
    normalized = postal_code_normalize(postal_code)
    if normalized is None:
        return []
    return list(_index().by_code.get(normalized, ()))


def _city_key(s: str) -> tuple[str, ...]:
    key = []
    for word in words(s):
        if word in _NOISE_WORDS:
            continue
        m = _ORDINAL.match(word)
        if m:
            key.append(str(int(m[1])))
        else:
            key.append(_ABBREVIATIONS.get(word, word))
    return tuple(key)


def city_matches(*, postal_code: str | None, city: str | None) -> bool:
    """True if `city` names a commune (or its delivery label) served by `postal_code`.

    Insensitive to accents, case, hyphens/apostrophes and "Saint"/"St":
    ("13001", "Marseille"), ("42000", "Saint-Étienne") and ("75001", "Paris 1er")
    all match.
    """
    if not city:
        return False
    wanted = _city_key(city)
    if not wanted:
        return False
    return any(wanted in (_city_key(c.name), _city_key(c.delivery_label)) for c in communes_for(postal_code))
