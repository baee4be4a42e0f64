"""Bytes → `(line number, block, rubric, value)`, one line at a time.

The norm's files are ISO-8859-1; payroll software also produces UTF-8 (with or without BOM) and
Windows-1252 (ISO-8859-1 plus ’ œ € in the 0x80–0x9F range, where ISO-8859-1 only has control codes, so
decoding ISO-8859-1 files as Windows-1252 loses nothing). The first line that is not plain ASCII decides;
a later line in the other encoding is refused rather than turned into mojibake.

A line is `S21.G00.30.002,'DUPONT'`: block `S21.G00.30`, rubric `002`, the value between single quotes,
a quote inside the value written twice (`'L''HERMITE'`).
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO

from .errors import DsnError

Source = bytes | Path | IO[bytes] | Iterable[bytes]
Rubric = tuple[int, str, str, str]  # line number, block ("S21.G00.30"), rubric ("002"), value

# No control character inside the value: a NUL or a form feed means binary or UTF-16, not a DSN.
_LINE = re.compile(r"(S\d\d\.G\d\d\.\d\d)\.(\d\d\d),'([^\x00-\x1f]*)'")
_RUBRIC_START = re.compile(r"S\d\d\.G\d\d\.\d\d\.\d\d\d,")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f]")
# S10 envoi, S20 déclaration, S21 données, S89 individus non salariés (régularisations), S90 fin d'envoi.
_STRUCTURES = frozenset({"S10", "S20", "S21", "S89", "S90"})

_UTF8_BOM = b"\xef\xbb\xbf"
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
UTF8 = "utf-8"
LATIN = "cp1252"

ENCODING_LABELS = {"ascii": "ASCII", UTF8: "UTF-8", LATIN: "ISO-8859-1"}


class LineReader:
    """Iterates over the rubrics of a DSN; `encoding` tells, once read, which encoding was found."""

    def __init__(self, source: Source) -> None:
        self._source = source
        self.encoding = "ascii"
        self.last_line = 0
        self.rubric_count = 0

    def __iter__(self) -> Iterator[Rubric]:
        # One flat loop: this runs once per line of files with millions of lines.
        match_line = _LINE.fullmatch
        for number, raw in enumerate(_byte_lines(self._source), start=1):
            if number == 1:
                raw = self._strip_bom(raw)
            raw = raw.rstrip(b"\r\n")
            text = (raw.decode("ascii") if raw.isascii() else self._decode(raw, number)).rstrip(" \t")
            self.last_line = number
            if not text:
                continue
            self.rubric_count += 1
            match = match_line(text)
            if match is None:
                raise _malformed(number, text)
            block, rubric, value = match.groups()
            if block[:3] not in _STRUCTURES:
                raise DsnError(f"rubrique inconnue de la norme DSN : {block}.{rubric}.", line=number)
            yield number, block, rubric, value.replace("''", "'") if "''" in value else value

    def _strip_bom(self, raw: bytes) -> bytes:
        if raw.startswith(_UTF8_BOM):
            self.encoding = UTF8
            return raw[len(_UTF8_BOM):]
        if raw.startswith(_UTF16_BOMS):
            raise DsnError("fichier en UTF-16 : enregistrez-le en ISO-8859-1 (norme DSN) ou en UTF-8.", line=1)
        return raw

    def _decode(self, raw: bytes, number: int) -> str:
        utf8 = _as_utf8(raw)
        if self.encoding == "ascii":
            self.encoding = UTF8 if utf8 is not None else LATIN
        if self.encoding == UTF8:
            if utf8 is None:
                raise DsnError("cette ligne n'est pas en UTF-8 comme les précédentes : le fichier mélange deux "
                               "encodages.", line=number)
            return utf8
        if utf8 is not None:
            raise DsnError("cette ligne est en UTF-8 alors que les précédentes sont en ISO-8859-1 : le fichier "
                           "mélange deux encodages.", line=number)
        try:
            return raw.decode(LATIN)
        except UnicodeDecodeError:
            raise DsnError("caractère illisible : le fichier n'est ni en ISO-8859-1 ni en UTF-8.", line=number) from None


def _as_utf8(raw: bytes) -> str | None:
    try:
        return raw.decode(UTF8)
    except UnicodeDecodeError:
        return None


def _malformed(number: int, text: str) -> DsnError:
    # The line itself is never quoted back: it may hold a NIR.
    if _CONTROL.search(text):
        return DsnError("caractères illisibles : ce n'est pas un fichier DSN en texte (ISO-8859-1 ou UTF-8).",
                        line=number)
    if _RUBRIC_START.match(text):
        return DsnError("valeur mal délimitée : elle doit être entre apostrophes, par exemple "
                        "S21.G00.30.002,'DUPONT'.", line=number)
    return DsnError("ligne non conforme à la norme DSN : une ligne s'écrit rubrique, virgule, valeur entre "
                    "apostrophes, par exemple S21.G00.30.002,'DUPONT'.", line=number)


def _byte_lines(source: Source) -> Iterator[bytes]:
    if isinstance(source, bytes):
        yield from io.BytesIO(source)
    elif isinstance(source, Path):
        with source.open("rb") as stream:
            yield from stream
    else:
        for raw in source:
            if not isinstance(raw, bytes):
                raise TypeError("A DSN is read as bytes: open the file in binary mode ('rb').")
            yield raw
