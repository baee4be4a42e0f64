"""The API's errors, in French JSON: a `message`, and under `errors` the messages of each field by its name.

Pydantic's own messages are English: they are replaced here by French ones chosen by the error's type, so that an
integrator's bad input reads like the portal's forms (and never costs a 500).
"""

from typing import Any

from django.core.exceptions import ValidationError

INVALID = "Les données envoyées comportent des erreurs."
GLOBAL = "_global"  # errors of the whole request rather than of one field (Django's NON_FIELD_ERRORS)

_MESSAGES = {
    "missing": "Ce champ est obligatoire.",
    "date_parsing": "Saisissez une date valide au format AAAA-MM-JJ.",
    "date_from_datetime_parsing": "Saisissez une date valide au format AAAA-MM-JJ.",
    "date_from_datetime_inexact": "Saisissez une date sans heure, au format AAAA-MM-JJ.",
    "date_type": "Saisissez une date valide au format AAAA-MM-JJ.",
    "datetime_parsing": "Saisissez une date et heure valides (ISO 8601).",
    "datetime_from_date_parsing": "Saisissez une date et heure valides (ISO 8601).",
    "datetime_type": "Saisissez une date et heure valides (ISO 8601).",
    "int_parsing": "Saisissez un nombre entier.",
    "int_type": "Saisissez un nombre entier.",
    "int_from_float": "Saisissez un nombre entier.",
    "string_type": "Saisissez un texte.",
    "list_type": "Envoyez une liste.",
    "bool_parsing": "Saisissez true ou false.",
    "bool_type": "Saisissez true ou false.",
    "json_invalid": "Le corps de la requête n'est pas un JSON valide.",
    "model_attributes_type": "Le corps de la requête doit être un objet JSON.",
    "dict_type": "Le corps de la requête doit être un objet JSON.",
    "extra_forbidden": "Champ inconnu.",
    "string_unicode": "Texte invalide.",
}


def _message(error: dict[str, Any]) -> str:
    kind = error.get("type", "")
    context = error.get("ctx") or {}
    if kind == "string_too_long":
        return f"Au plus {context.get('max_length')} caractères."
    if kind == "string_too_short":
        return f"Au moins {context.get('min_length')} caractère(s)."
    if kind in ("greater_than_equal", "greater_than"):
        return f"Saisissez une valeur d'au moins {context.get('ge', context.get('gt'))}."
    if kind in ("less_than_equal", "less_than"):
        return f"Saisissez une valeur d'au plus {context.get('le', context.get('lt'))}."
    if kind in ("literal_error", "enum"):
        return f"Valeur non reconnue : choisissez parmi {context.get('expected', '')}."
    return _MESSAGES.get(kind, "Valeur invalide.")


def _field(loc: tuple | list) -> str:
    """The field's name: the last part of pydantic's location that names one (`("body", "payload", "nir")`)."""
    names = [str(part) for part in loc if isinstance(part, str) and part not in ("body", "query", "path", "payload",
                                                                                 "header", "filters")]
    return ".".join(names) or GLOBAL


def from_pydantic(errors: list[dict[str, Any]]) -> dict[str, list[str]]:
    fields: dict[str, list[str]] = {}
    for error in errors:
        fields.setdefault(_field(error.get("loc", ())), []).append(_message(error))
    return fields


def from_django(error: ValidationError) -> dict[str, list[str]]:
    """A form's or a service's ValidationError, by field (`__all__` becomes `_global`)."""
    if hasattr(error, "error_dict"):
        return {GLOBAL if field == "__all__" else field: list(messages)
                for field, messages in error.message_dict.items()}
    return {GLOBAL: list(error.messages)}


def body(message: str, errors: dict[str, list[str]] | None = None, **extra: Any) -> dict[str, Any]:
    payload: dict[str, Any] = {"message": message, **extra}
    if errors:
        payload["errors"] = errors
    return payload
