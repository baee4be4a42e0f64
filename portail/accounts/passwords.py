"""Password rules (CNIL 2022-100 with access restriction, ANSSI, ASVS 6.2): length, not composition."""

from django.conf import settings
from django.core.exceptions import ValidationError

from portail.reference import fold

MEMBER_MIN_LENGTH = 12
STAFF_MIN_LENGTH = 16
MAX_LENGTH = 128


def _is_staff(user) -> bool:
    return bool(user is not None and (getattr(user, "kind", "") == "staff" or getattr(user, "is_staff", False)))


class LengthByAccountKindValidator:
    def validate(self, password, user=None):
        minimum = STAFF_MIN_LENGTH if _is_staff(user) else MEMBER_MIN_LENGTH
        if len(password) < minimum:
            raise ValidationError(
                f"Votre mot de passe doit contenir au moins {minimum} caractères. "
                "Astuce : une phrase de plusieurs mots est facile à retenir.",
                code="password_too_short",
            )
        if len(password) > MAX_LENGTH:
            raise ValidationError(f"Votre mot de passe ne peut dépasser {MAX_LENGTH} caractères.", code="too_long")

    def get_help_text(self):
        return f"Au moins {MEMBER_MIN_LENGTH} caractères ({STAFF_MIN_LENGTH} pour le personnel du service), sans autre contrainte."


class ContextWordsValidator:
    """Refuse passwords built on the login, the member number or the service's name."""

    def _words(self, user) -> list[str]:
        from portail.members.selectors import service_branding

        words = [service_branding().name, settings.SERVICE_DEFAULTS["name"]]
        if user is not None:
            words.append(getattr(user, "username", ""))
            member = getattr(user, "member", None)
            if member is not None:
                words.append(member.number)
        return [fold(w).replace(" ", "") for w in words if w and len(w) >= 4]

    def validate(self, password, user=None):
        folded = fold(password).replace(" ", "")
        for word in self._words(user):
            if word and word in folded:
                raise ValidationError(
                    "Votre mot de passe ne doit contenir ni votre identifiant, ni votre n° adhérent, "
                    "ni le nom du service.",
                    code="password_context_word",
                )

    def get_help_text(self):
        return "Il ne doit contenir ni votre identifiant ni le nom du service."
