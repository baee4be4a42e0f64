"""Text folding shared by the reference-data searches and comparisons.

Users type "medecin", "Médecins" or "MÉDECIN" interchangeably, and addresses
mix "Saint-Étienne", "ST ETIENNE" and "St Étienne": every comparison in this
package goes through `fold` so that such variants compare equal.
"""

from __future__ import annotations

import re
import unicodedata

# Ligatures are not decomposed by NFKD, yet French labels use them ("œuvre").
_LIGATURES = str.maketrans({"œ": "oe", "Œ": "oe", "æ": "ae", "Æ": "ae"})

# Hyphens, dashes and apostrophes (ASCII and typographic) separate words in
# French names ("Boulangerie-pâtisserie", "l’exception"), so they become spaces.
_SEPARATORS = re.compile(r"[\s\-‐‑‒–—―'’‘ʼ`´]+")

# Anything that is not a letter or a digit once folded (commas, parentheses,
# dots, slashes) is a word boundary for tokenisation.
_WORD = re.compile(r"[^\W_]+")


def fold(s: str) -> str:
    """Return `s` without accents, lower-cased, with hyphens/apostrophes and
    runs of whitespace collapsed to single spaces, stripped."""
    s = s.translate(_LIGATURES)
    decomposed = unicodedata.normalize("NFKD", s)
    without_marks = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _SEPARATORS.sub(" ", without_marks.lower()).strip()


def words(s: str) -> tuple[str, ...]:
    """Folded alphanumeric words of `s` (punctuation dropped)."""
    return tuple(_WORD.findall(fold(s)))


def matches_all_words(query_words: tuple[str, ...], label_words: tuple[str, ...]) -> bool:
    """True if every query word is a prefix of at least one label word.

    Prefix rather than substring matching: "medecin" finds "médecins" and
    "médecine", "boulang" finds "boulangerie", but "art" does not match
    "partie" in the middle of a word.
    """
    return all(any(lw.startswith(qw) for lw in label_words) for qw in query_words)
