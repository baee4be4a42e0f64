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


COMMON = "trop courant"
PERSONAL = "ressemble trop"


@pytest.mark.django_db
def test_the_weak_passwords_of_the_issue_are_refused():
    user = MemberUserFactory(member__name="SARL BOULANGERIE DUPONT")
    assert COMMON in errors("motdepasse123", user)
    assert COMMON in errors("azertyuiop12", user)
    assert "que d'espaces" in errors(" " * 12, user)
    assert PERSONAL in errors("Boulangerie Dupont", user)
    assert errors("girafe orange sous la pluie", user) == ""


@pytest.mark.django_db
@pytest.mark.parametrize("password", [
    "Marseille2024!", "2024 Marseille", "P@ssw0rd2024!", "Mot de passe 2026", "Jean-Pierre1970", "Aubagne13400",
    "aqwzsxedcrfv", "123456789012", "chocolat!!!!", "bonjour-bonjour",
])
def test_common_words_names_places_and_key_runs_are_refused_even_dressed_up(password):
    message = errors(password, MemberUserFactory())
    assert COMMON in message or "répéter" in message


@pytest.mark.django_db
@pytest.mark.parametrize("password", ["aaaaaaaaaaaa", "abcabcabcabc", "soleilsoleil", "1212121212121212"])
def test_one_repeated_character_or_pattern_is_refused(password):
    assert "répéter" in errors(password, MemberUserFactory())


@pytest.mark.django_db
def test_passwords_close_to_the_member_s_name_number_or_e_mail_are_refused():
    user = MemberUserFactory(member__name="Boulangerie Dupont", member__email="compta@boulangerie-dupont.fr",
                             email="j.martin@cabinet-leroy.fr", first_name="Jérôme", last_name="Martin")
    for password in ("Dupont-2024-!!!!", "boulangerie2026", "BOULANGERIE   DUPONT", "Jérôme 1975 !!!",
                     "martin19751975", "LEROY-cabinet-1", f"moi {user.member.number} !!"):
        assert PERSONAL in errors(password, user), password
    assert errors("une boulangerie vend du pain aux poneys", user) == ""


@pytest.mark.django_db
def test_a_staff_password_close_to_the_staff_username_is_refused():
    staff = StaffFactory(username="jmartin")
    assert PERSONAL in errors("JMartin2026!!!!!!!", staff)
    assert errors("seize caracteres ok", staff) == ""


def test_the_french_list_is_large_and_holds_the_usual_suspects():
    from portail.accounts.passwords import common_passwords

    common = common_passwords()
    assert len(common) > 50_000
    assert {"motdepasse", "azertyuiop", "doudou", "marseille", "jetaime", "aubagne", "qsdfghjklm"} <= common
