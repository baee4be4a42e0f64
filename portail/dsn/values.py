"""Typed values of the rubrics we keep: dates, the declared month, identifiers, sex.

Each function takes the value and the line it came from, and raises `DsnError` with a French message;
identity values (NIR, names) are never quoted in a message.
"""

from __future__ import annotations

from datetime import date

from stdnum.exceptions import ValidationError
from stdnum.fr import nir as stdnum_nir
from stdnum.fr import siren as stdnum_siren
from stdnum.fr import siret as stdnum_siret

from .errors import DsnError

# S21.G00.30.005: 01 masculin, 02 féminin → the portal's Sex codes.
SEXES = {"01": "H", "02": "F"}
# Day or month of birth the norm lets the declarant mark unknown (S21.G00.30.006 pattern).
_UNKNOWN_BIRTH_PARTS = frozenset({"00", "99"})
# NIR-shaped placeholders the norm's pattern admits for an unknown NIR (a sex digit then twelve 9).
_NIR_PLACEHOLDERS = frozenset({"1999999999999", "2999999999999"})


def parse_date(value: str, rubric: str, line: int) -> date:
    """DDMMYYYY, as every date of the norm."""
    parsed = _ddmmyyyy(value)
    if parsed is None:
        raise DsnError(f"date invalide « {value} » (attendu JJMMAAAA, rubrique {rubric}).", line=line)
    return parsed


def parse_optional_date(value: str, rubric: str, line: int) -> date | None:
    return parse_date(value, rubric, line) if value else None


def parse_birth_date(value: str, line: int) -> date | None:
    """None when the declarant marked the day or month unknown (00 or 99), which the norm allows."""
    if len(value) == 8 and value.isdigit() and {value[:2], value[2:4]} & _UNKNOWN_BIRTH_PARTS:
        return None
    return parse_date(value, "S21.G00.30.006", line)


def parse_month(value: str, line: int) -> date:
    """S20.G00.05.005 « Date du mois principal déclaré »: 01MMYYYY."""
    parsed = _ddmmyyyy(value)
    if parsed is None or parsed.day != 1:
        raise DsnError(f"mois principal déclaré invalide « {value} » (attendu 01MMAAAA, rubrique S20.G00.05.005).",
                       line=line)
    return parsed


def _ddmmyyyy(value: str) -> date | None:
    if len(value) != 8 or not value.isdigit():
        return None
    try:
        return date(int(value[4:]), int(value[2:4]), int(value[:2]))
    except ValueError:
        return None


def check_siren(value: str, line: int) -> str:
    try:
        return stdnum_siren.validate(value)
    except ValidationError:
        raise DsnError(f"SIREN invalide « {value} » (rubrique S21.G00.06.001).", line=line) from None


def check_siret(siren: str, nic: str, line: int) -> str:
    if len(nic) != 5 or not nic.isdigit():
        raise DsnError(f"NIC invalide « {nic} » : il compte 5 chiffres (rubrique S21.G00.11.001).", line=line)
    try:
        return stdnum_siret.validate(siren + nic)
    except ValidationError:
        raise DsnError(f"SIRET invalide « {siren}{nic} » : le NIC « {nic} » ne correspond pas au SIREN "
                       f"(rubrique S21.G00.11.001).", line=line) from None


def clean_nir(value: str) -> str:
    """Upper-case, no spaces; "" for the norm's unknown-NIR placeholders."""
    nir = value.replace(" ", "").upper()
    return "" if nir in _NIR_PLACEHOLDERS else nir


def nir_is_valid(nir: str) -> bool:
    """python-stdnum's `fr.nir` check. The DSN carries 13 characters (no key): for those only the shape is
    checked (digits, Corsica 2A/2B), the key being computed; a 15-character NIR has its key checked too."""
    if len(nir) == 13:
        try:
            nir = nir + stdnum_nir.calc_check_digits(nir)
        except ValueError:
            return False
    return stdnum_nir.is_valid(nir)


def parse_sex(value: str, line: int) -> str:
    if not value:
        return ""
    try:
        return SEXES[value]
    except KeyError:
        raise DsnError(f"code sexe inconnu « {value} » (attendu 01 ou 02, rubrique S21.G00.30.005).",
                       line=line) from None
