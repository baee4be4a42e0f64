"""Code-or-label search shared by the NAF and PCS nomenclatures (private)."""

from __future__ import annotations

import csv
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Generic, TypeVar

from .text import matches_all_words, words

T = TypeVar("T")

# Codes are compared without dots or spaces, so "86.2", "862" and "86 2" are
# the same prefix.
_CODE_NOISE = re.compile(r"[\s.]+")


def compact_code(raw: str) -> str:
    return _CODE_NOISE.sub("", raw).lower()


@dataclass(frozen=True, slots=True)
class Indexed(Generic[T]):
    item: T
    code_key: str  # compact, lower-case code
    label_words: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Code:
    """An entry of a nomenclature, shown as "code – label"."""

    code: str
    label: str

    @property
    def display(self) -> str:
        return f"{self.code} – {self.label}"

    def __str__(self) -> str:
        return self.display


C = TypeVar("C", bound=Code)


@dataclass(frozen=True, slots=True)
class CodeTable(Generic[C]):
    codes: tuple[C, ...]  # in the file's (nomenclature) order
    by_code: Mapping[str, C]
    index: tuple[Indexed[C], ...]


def code_table(path: Path, make: Callable[[str, str], C]) -> CodeTable[C]:
    """A nomenclature's CSV file (columns code and label), each row made into an item by `make(code, label)`."""
    with path.open(encoding="utf-8", newline="") as f:
        codes = tuple(make(row["code"].strip(), row["label"].strip()) for row in csv.DictReader(f))
    return CodeTable(codes=codes, by_code=MappingProxyType({c.code: c for c in codes}),
                     index=tuple(Indexed(c, compact_code(c.code), words(c.label)) for c in codes))


def search(index: Sequence[Indexed[T]], query: str, limit: int) -> list[T]:
    """Code-prefix matches first (nomenclature order), then label matches.

    A query starting with a digit is tried as a code prefix; every query is
    also tried as label words (all must match, accent/case-insensitive).
    Among label matches, labels starting with the first query word come first,
    because "boulangerie" should list "Boulangerie et boulangerie-pâtisserie"
    before "Cuisson de produits de boulangerie".
    """
    if limit <= 0 or not query or not query.strip():
        return []

    code_hits: list[Indexed[T]] = []
    key = compact_code(query)
    if key[:1].isdigit() and key.isalnum():
        code_hits = [e for e in index if e.code_key.startswith(key)]

    query_words = words(query)
    label_hits: list[Indexed[T]] = []
    if query_words:
        seen = {id(e) for e in code_hits}
        label_hits = [e for e in index if id(e) not in seen and matches_all_words(query_words, e.label_words)]
        first = query_words[0]
        # sorted() is stable, so nomenclature order is kept inside each group.
        label_hits.sort(key=lambda e: not (e.label_words and e.label_words[0].startswith(first)))

    return [e.item for e in (code_hits + label_hits)[:limit]]
