import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import override_settings

from portail.accounts.tests.factories import MemberUserFactory, StaffFactory


def errors(password, user=None):
    try:
        validate_password(password, user)
    except ValidationError as exc:
        return " ".join(exc.messages)
    return ""


@pytest.mark.django_db
def test_member_password_needs_twelve_characters():
    user = MemberUserFactory()
    assert "au moins 12 caractères" in errors("court-mdp-1", user)
    assert errors("une phrase de passe", user) == ""


@pytest.mark.django_db
def test_staff_password_needs_sixteen_characters():
    staff = StaffFactory()
    assert "au moins 16 caractères" in errors("quinze-caracter", staff)
    assert errors("seize caracteres ok", staff) == ""


@pytest.mark.django_db
def test_no_composition_rule_and_long_passwords_accepted():
    user = MemberUserFactory()
    assert errors("abcdefghijkmnopqrst", user) == ""
    assert errors("x" * 20 + " une longue phrase " * 3, user) == ""


@pytest.mark.django_db
def test_common_passwords_are_refused():
    assert errors("password1234", MemberUserFactory()) != ""
    assert errors("qwertyuiop12", MemberUserFactory()) != ""


@pytest.mark.django_db
def test_member_number_and_service_name_are_refused():
    user = MemberUserFactory()
    assert "n° adhérent" in errors(f"mon-numero-{user.member.number}", user)
    with override_settings(SERVICE_DEFAULTS={"name": "Santé Travail Sud", "tagline": "", "hotline_email": "a@b.fr"}):
        assert "nom du service" in errors("Sante-Travail-Sud-2026!", user)


def test_argon2_is_the_hasher():
    # The suite swaps in a fast hasher; the project's settings hash with Argon2.
    from config import settings as project_settings

    assert project_settings.PASSWORD_HASHERS[0] == "portail.accounts.hashers.PortalArgon2PasswordHasher"


def test_hashes_of_django_s_default_argon2_still_verify_and_are_upgraded(settings):
    from django.contrib.auth.hashers import Argon2PasswordHasher, check_password, make_password

    from portail.accounts.hashers import PortalArgon2PasswordHasher

    settings.PASSWORD_HASHERS = ["portail.accounts.hashers.PortalArgon2PasswordHasher"]
    former = Argon2PasswordHasher().encode("Un-Mot-De-Passe-Solide", Argon2PasswordHasher().salt())
    upgraded = []
    assert check_password("Un-Mot-De-Passe-Solide", former, setter=upgraded.append)
    assert upgraded == ["Un-Mot-De-Passe-Solide"]  # rehashed on one lane at this login
    fresh = make_password("Un-Mot-De-Passe-Solide")
    assert PortalArgon2PasswordHasher().decode(fresh)["parallelism"] == 1
    assert not PortalArgon2PasswordHasher().must_update(fresh)
