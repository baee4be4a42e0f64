"""Field validators with plain-French messages. Checksums come from python-stdnum."""

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from stdnum.fr import siret as stdnum_siret

from portail.reference import communes_for, is_known_postal_code, naf_normalize, postal_code_normalize

PHONE_CHARS = re.compile(r"[\s.\-/()]")


def clean_siret(raw: str) -> str:
    digits = re.sub(r"\s", "", raw or "")
    if not digits.isdigit() or len(digits) != 14:
        raise ValidationError("Le SIRET comporte 14 chiffres (9 pour le SIREN + 5 pour l'établissement).")
    if not stdnum_siret.is_valid(digits):
        raise ValidationError("Ce SIRET n'est pas valide : vérifiez les chiffres (la clé de contrôle ne correspond pas).")
    return digits


def clean_naf(raw: str) -> str:
    if not (raw or "").strip():
        return ""
    code = naf_normalize(raw)
    if code is None:
        raise ValidationError("Code NAF inconnu : saisissez un code de la forme 86.21Z, ou cherchez l'activité.")
    return code


def clean_phone(raw: str) -> str:
    """French numbers as "04 68 35 73 87"; international numbers kept with their "+"."""
    value = PHONE_CHARS.sub("", raw or "")
    if not value:
        return ""
    if value.startswith("+33"):
        value = "0" + value[3:]
    if value.startswith("+"):
        if not value[1:].isdigit() or not 8 <= len(value) - 1 <= 15:
            raise ValidationError("Numéro international invalide : « + », indicatif pays puis 8 à 15 chiffres.")
        return value
    if not value.isdigit() or len(value) != 10 or not value.startswith("0"):
        raise ValidationError("Numéro de téléphone invalide : 10 chiffres commençant par 0 (ex. 04 68 35 73 87).")
    return " ".join(value[i : i + 2] for i in range(0, 10, 2))


def clean_postal_code(raw: str) -> str:
    if not (raw or "").strip():
        return ""
    code = postal_code_normalize(raw)
    if code is None:
        raise ValidationError("Le code postal comporte 5 chiffres (ex. 13001).")
    if not is_known_postal_code(code):
        raise ValidationError("Ce code postal n'existe pas dans la base officielle de La Poste.")
    return code


def commune_names(postal_code: str) -> list[str]:
    return sorted({c.name for c in communes_for(postal_code)})


PDF_MAGIC = b"%PDF-"


def clean_pdf_upload(upload: UploadedFile | None) -> UploadedFile | None:
    """Size first, then the real type behind the extension: never trust the file name."""
    if upload is None:
        return None
    limit = settings.MAX_ATTACHMENT_BYTES
    if (upload.size or 0) > limit:
        raise ValidationError(f"Le fichier dépasse {limit // (1024 * 1024)} Mo : réduisez-le ou scannez moins de pages.")
    if not (upload.name or "").lower().endswith(".pdf"):
        raise ValidationError("Seuls les fichiers PDF sont acceptés.")
    head = upload.read(5)
    upload.seek(0)
    if head != PDF_MAGIC:
        raise ValidationError("Ce fichier n'est pas un vrai PDF (son contenu ne correspond pas à l'extension).")
    return upload
