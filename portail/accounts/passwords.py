"""Password rules (CNIL 2022-100 with access restriction, ANSSI, ASVS 6.2): length, not composition; no
common or personal password; none of the account's latest passwords."""

import gzip
import re
from difflib import SequenceMatcher
from functools import cache
from pathlib import Path

from django.conf import settings
from django.contrib.auth.hashers import check_password
from django.contrib.auth.password_validation import CommonPasswordValidator
from django.core.exceptions import ValidationError

from portail.accounts.models import PasswordHistory
from portail.accounts.services import api_tokens_revoke_all, password_history_record
from portail.members.selectors import service_branding
from portail.reference import fold

MEMBER_MIN_LENGTH = 12
STAFF_MIN_LENGTH = 16
MAX_LENGTH = 128
PASSWORD_HISTORY = 5  # the current password and the 4 before it
FRENCH_LIST = Path(__file__).resolve().parent / "data" / "mots-de-passe-courants-fr.txt.gz"
MIN_WORD = 3  # shorter cores ("a1b2…") are not dictionary words
SIMILARITY = 0.7  # as Django's UserAttributeSimilarityValidator
# Words of a company name that say nothing about this company.
LEGAL_WORDS = {"sarl", "sas", "sasu", "eurl", "sci", "snc", "scp", "selarl", "selas", "scop", "earl", "gaec",
               "eirl", "societe", "entreprise", "etablissements", "cabinet", "groupe", "association"}
LEET = str.maketrans({"@": "a", "4": "a", "3": "e", "€": "e", "1": "i", "!": "i", "0": "o", "$": "s", "5": "s",
                      "7": "t"})


def _is_staff(user) -> bool:
    return bool(user is not None and (getattr(user, "kind", "") == "staff" or getattr(user, "is_staff", False)))


def compact(text: str) -> str:
    """Folded (no accents, lower case), letters and digits only: how passwords and lists are compared."""
    return re.sub(r"[^a-z0-9]", "", fold(text))


def cores(password: str) -> set[str]:
    """What a guesser starts from: the password without the digits and signs around it, leetspeak undone."""
    folded = fold(password).replace(" ", "")
    whole = compact(password)
    bare = re.sub(r"^[^a-z]+|[^a-z]+$", "", folded)
    return {whole, re.sub(r"^[0-9]+|[0-9]+$", "", whole), compact(bare), compact(bare.translate(LEET))}


@cache
def common_passwords() -> frozenset[str]:
    """The French list (data/README.md) and Django's own, compared the same way."""
    with gzip.open(FRENCH_LIST, "rt", encoding="utf-8") as lines:
        french = {line.strip() for line in lines}
    return frozenset(french | {compact(p) for p in CommonPasswordValidator().passwords})


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
        # Said once, to the member who reads it: the staff's longer minimum is told by its own refusal message.
        return (f"Au moins {MEMBER_MIN_LENGTH} caractères : une phrase de plusieurs mots est facile à retenir "
                "et difficile à deviner.")


class FrenchCommonPasswordValidator:
    """Refuse blanks, repetitions and common passwords, even dressed up with digits, signs or leetspeak."""

    def validate(self, password, user=None):
        if not password.strip():
            raise ValidationError("Votre mot de passe ne peut pas être fait que d'espaces.", code="password_blank")
        candidates = {core for core in cores(password) if core}
        if any(re.fullmatch(r"(.+?)\1+", core) for core in candidates | {password}):
            raise ValidationError(
                "Votre mot de passe ne doit pas répéter un même caractère, mot ou motif.", code="password_repeated"
            )
        common = common_passwords()
        if any(len(core) >= MIN_WORD and core in common for core in candidates):
            raise ValidationError(
                "Ce mot de passe est trop courant : un mot, un prénom, une ville ou une suite de touches "
                "(azerty…) se devine vite, même suivi de chiffres. Assemblez plutôt plusieurs mots sans rapport.",
                code="password_too_common",
            )

    def get_help_text(self):
        return "Ni un mot de passe courant, ni un simple mot du dictionnaire suivi de chiffres."


class ContextWordsValidator:
    """Refuse passwords built on what is known about the account: login, member number, company name,
    person's name, e-mail, and the service's name."""

    def _context(self, user) -> tuple[set[str], set[str]]:
        """(what a password may not contain, what it may not resemble once stripped of digits and signs)."""
        whole = [service_branding().name, settings.SERVICE_DEFAULTS["name"]]
        parts = []
        if user is not None:
            whole += [getattr(user, "username", ""), getattr(user, "email", "")]
            parts += [getattr(user, "first_name", ""), getattr(user, "last_name", ""),
                      *_email_words(getattr(user, "email", ""))]
            member = getattr(user, "member", None)
            if member is not None:
                name_words = [w for w in fold(member.name).split() if compact(w) not in LEGAL_WORDS]
                whole += [member.number, member.name, " ".join(name_words), member.email]
                parts += [*name_words, *_email_words(member.email)]
        contained = {compact(v) for v in whole if len(compact(v)) >= 4}
        return contained, contained | {compact(v) for v in parts if len(compact(v)) >= 4}

    def validate(self, password, user=None):
        folded = compact(password)
        candidates = {core for core in cores(password) if core}
        contained, resembled = self._context(user)
        if any(value in folded for value in contained) or any(
            _similar(core, value) for value in resembled for core in candidates
        ):
            raise ValidationError(
                "Votre mot de passe ressemble trop à votre identifiant, votre n° adhérent, votre raison sociale, "
                "votre nom, votre adresse e-mail ou au nom du service.",
                code="password_context_word",
            )

    def get_help_text(self):
        return "Il ne doit reprendre ni votre identifiant, ni votre nom ou raison sociale, ni le nom du service."


def _email_words(email: str) -> list[str]:
    """"compta.dupont@boulangerie-dupont.fr" -> compta, dupont, boulangerie, dupont (the top-level domain aside)."""
    local, _, domain = (email or "").partition("@")
    return [*re.split(r"[^a-z0-9]+", fold(local)), *re.split(r"[^a-z0-9]+", fold(domain.rpartition(".")[0]))]


def _similar(core: str, value: str) -> bool:
    matcher = SequenceMatcher(a=core, b=value)
    return matcher.quick_ratio() >= SIMILARITY and matcher.ratio() >= SIMILARITY


class PasswordHistoryValidator:
    """A new password must differ from the current one (the temporary one included) and the ones before it.

    The hashes are kept when a password is set: Django calls `password_changed` on the validators for
    every way a password is set (forms, services, the admin, `changepassword`), so none is missed.
    """

    def validate(self, password, user=None):
        if user is None:
            return
        if any(check_password(password, encoded) for encoded in self._recent(user)):
            raise ValidationError(
                f"Choisissez un mot de passe différent de votre mot de passe actuel (ou provisoire) "
                f"et des {PASSWORD_HISTORY - 1} précédents.",
                code="password_reused",
            )

    def password_changed(self, password, user):
        password_history_record(user=user, keep=PASSWORD_HISTORY)
        # Whoever had the old password may have minted API tokens: a new password ends them too.
        api_tokens_revoke_all(user=user)

    def _recent(self, user) -> list[str]:
        hashes = [user.password] if user.password else []
        if user.pk is not None:
            stored = PasswordHistory.objects.filter(user_id=user.pk).order_by("-created_at", "-pk")
            hashes += [h for h in stored.values_list("password", flat=True)[:PASSWORD_HISTORY] if h not in hashes]
        return hashes[:PASSWORD_HISTORY]

    def get_help_text(self):
        return f"Différent de votre mot de passe actuel et des {PASSWORD_HISTORY - 1} précédents."
