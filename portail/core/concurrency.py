"""Optimistic locking: a form carries the `version` of the record it showed, and a save from an older
version is refused instead of silently overwriting what someone else saved meanwhile.

Models opt in with a `version = models.PositiveIntegerField(default=1)` field. Every write to such a record
claims a version: with the form's version when there is a form, with None otherwise (inbox processing,
scripts) so that forms still open elsewhere notice the record changed.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import F

RECORD_CONFLICT_MESSAGE = (
    "Cette fiche a été modifiée par quelqu'un d'autre pendant votre saisie : vos modifications n'ont pas été "
    "enregistrées. Elles sont conservées ci-dessous ; vérifiez-les au regard de la fiche actuelle puis validez "
    "à nouveau."
)


class EditConflict(ValidationError):
    """Someone saved the same record since this form was shown: nothing is written, the form is shown again."""


def version_claim(obj, *, version: int | None, message: str = RECORD_CONFLICT_MESSAGE) -> int:
    """Bump the stored version of `obj` if it is still `version` (None: whatever it is), set it on `obj` and
    return it; raise EditConflict when it is stale.

    Call it inside the write's transaction and before writing: the UPDATE keeps the row locked until commit,
    so of two concurrent claims of the same version exactly one succeeds (the other waits, then matches no
    row). The base manager is used so that tenant scoping (django-scopes) does not get in the way: callers
    have already fetched `obj` through a scoped selector.
    """
    rows = type(obj)._base_manager.filter(pk=obj.pk)
    if version is None:
        rows.update(version=F("version") + 1)
        obj.version = rows.values_list("version", flat=True).get()
    else:
        if not rows.filter(version=version).update(version=F("version") + 1):
            raise EditConflict(message)
        obj.version = version + 1
    return obj.version


def version_field() -> forms.IntegerField:
    """The hidden form field carrying the version shown. Optional: a post without it (an older page, a script)
    is not checked, but junk in it is a form error, never a server error."""
    return forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1, max_value=2**31 - 1)


def conflict_data(data, *, version: int | str, field: str = "version"):
    """The submitted data with the current version: the form shown again keeps the loser's typing, and
    sending it once more is a deliberate choice made after seeing the conflict."""
    data = data.copy()
    data[field] = version
    return data
