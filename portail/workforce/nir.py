"""NIR (n° de sécurité sociale): validation, encryption, keyed hash, masking, and who may read it
in clear (REFERENCE §3, §8.2).

The clear NIR never leaves this module except to the form that typed it, and to the reveal view and
the exports when `nir_access` answers "full". It is never logged, put in a URL or an e-mail.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from dataclasses import dataclass
from datetime import date
from typing import Literal

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings
from stdnum.exceptions import InvalidChecksum, InvalidFormat, InvalidLength, ValidationError
from stdnum.fr import nir as stdnir

from portail.accounts.models import AccountKind
from portail.accounts.roles import Capability, can
from portail.accounts.selectors import member_role

MASK_DOT = "••"


class NirError(ValueError):
    """A French message for the field."""


@dataclass(frozen=True)
class CheckedNir:
    value: str  # 15 characters, upper case, no spaces
    warning: str = ""


def compact(raw: str) -> str:
    return re.sub(r"[\s.\-]", "", raw or "").upper()


def _is_temporary(value: str) -> bool:
    # NIA / technical numbers: first digit other than 1 or 2 (7/8 commonly cited, REFERENCE §3).
    return value[:1] not in ("1", "2")


def check(raw: str, *, sex: str = "", birth_date: date | None = None) -> CheckedNir:
    """Validate a typed NIR and its agreement with the typed sex and birth date.

    `sex` is "H" or "F". Raises NirError with a French message saying what is wrong.
    """
    value = compact(raw)
    if len(value) == 13:
        raise NirError(
            "Le N° de Sécurité Sociale est incomplet : saisissez les 13 caractères suivis de la clé à 2 chiffres."
        )
    try:
        value = stdnir.validate(value)
    except InvalidLength:
        raise NirError("Le N° de Sécurité Sociale doit comporter 15 caractères (13 + clé).") from None
    except InvalidChecksum:
        raise NirError("La clé du N° de Sécurité Sociale ne correspond pas aux 13 premiers caractères.") from None
    except (InvalidFormat, ValidationError):
        raise NirError("Le N° de Sécurité Sociale n'est pas valide (chiffres, 2A ou 2B pour la Corse).") from None
    if _is_temporary(value):
        return CheckedNir(value, "Numéro provisoire (NIA) accepté : pensez à le remplacer par le numéro définitif.")
    check_consistency(value, sex=sex, birth_date=birth_date)
    return CheckedNir(value)


def check_consistency(value: str, *, sex: str, birth_date: date | None) -> None:
    problems = []
    if sex and value[0] != {"H": "1", "F": "2"}.get(sex, value[0]):
        problems.append("le sexe (1er chiffre)")
    if birth_date is not None:
        if value[1:3] != f"{birth_date.year % 100:02d}":
            problems.append("l'année de naissance (2e et 3e chiffres)")
        month = int(value[3:5])
        # Months 20+ / 30+ / 99 are used when the birth month is unknown: do not reject on them.
        if 1 <= month <= 12 and month != birth_date.month:
            problems.append("le mois de naissance (4e et 5e chiffres)")
    if problems:
        raise NirError(
            "Le N° de Sécurité Sociale ne correspond pas à "
            + " ni à ".join(problems)
            + " saisi(s) dans la situation civile."
        )


def _fernet() -> Fernet:
    return Fernet(settings.NIR_ENCRYPTION_KEY.encode())


def encrypt(value: str) -> str:
    return _fernet().encrypt(value.encode()).decode()


def decrypt(token: str) -> str:
    if not token:
        return ""
    try:
        return _fernet().decrypt(token.encode()).decode()
    except InvalidToken:
        return ""


def encrypt_bytes(data: bytes) -> bytes:
    """For a file holding NIRs kept at rest (a parsed DSN between upload and apply), with the NIR's key."""
    return _fernet().encrypt(data)


def decrypt_bytes(token: bytes) -> bytes | None:
    """None when `token` is not ours (another key, damaged, or written before it was encrypted)."""
    try:
        return _fernet().decrypt(token)
    except InvalidToken:
        return None


def keyed_hash(value: str) -> str:
    return hmac.new(settings.NIR_HASH_KEY.encode(), compact(value).encode(), hashlib.sha256).hexdigest()


def mask(value: str) -> str:
    """ "295109912611193" → "2 •• •• •• ••• 111 ••": the sex digit and the order number only.

    Enough to tell two homonyms apart on a page, too little to rebuild the number: never the key,
    nor the birth year, month or place that, with the name, would narrow it down."""
    if len(value) != 15:
        return ""
    return f"{value[0]} •• •• •• ••• {value[10:13]} ••"


NirAccess = Literal["full", "masked"]


def nir_access(user, role: str | None = None) -> NirAccess:
    """Whether this account may read NIRs in clear: one rule for the single reveal and the exports.

    - The company's principal account: "full". The employer supplied the numbers and holds them for payroll;
      each reveal and each export with NIRs is audited.
    - A mandataire: "masked". An accounting firm acting for payroll already holds the NIRs in its payroll
      software (they reach the DSN from there), so the portal has nothing to give back; and one mandataire
      login reaches hundreds of companies, so a full export there would be the largest NIR leak the portal
      could offer (data minimisation, RGPD art. 5-1-c; REFERENCE §8.2 "restrict access").
    - Staff reading a portal through "voir comme l'adhérent", whatever their role: "masked". That mode
      shows the member's screens for support; the DMST's identity (INS) comes from the INSi
      teleservice, not from what an employer typed, so no role needs the portal's clear NIRs.
    - A named user of the company: as their role says (`role`, the request's `member_role`): Administrateur and
      Salariés / RH in clear, the others masked. The company's principal account administers it.
    """
    if not user.is_authenticated or user.kind not in (AccountKind.MEMBER, AccountKind.USER):
        return "masked"
    if user.kind == AccountKind.MEMBER and role is None:
        return "full"
    return "full" if can(role, Capability.NIR) else "masked"


def nir_full_in(*, user, member_id: int) -> bool:
    """Whether `nir_access` is "full" for `user` with the role it holds in that member now: what an import or a DSN,
    in the request or the background job that goes on with it, asks before a NIR may find its holder."""
    if user is None:
        return False
    return nir_access(user, role=member_role(user=user, member_id=member_id)) == "full"


def generate(*, sex: str, birth_date: date, department: str = "13", commune: str = "055", order: int = 1) -> str:
    """A valid NIR for demo data and tests (fictional people only)."""
    body = (
        f"{'1' if sex == 'H' else '2'}{birth_date.year % 100:02d}{birth_date.month:02d}{department}{commune}{order:03d}"
    )
    return body + stdnir.calc_check_digits(body)
