"""Code-or-label search shared by the NAF and PCS nomenclatures (private)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
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
