"""A new password differs from the current one (the temporary one included) and the 4 before it (issue 16 §4).

Before, the forced first-login change accepted the temporary password as the new one."""

import re

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import Client

from portail.accounts import services
from portail.accounts.models import AccountKind, PasswordHistory
from portail.accounts.passwords import PASSWORD_HISTORY
from portail.accounts.tests.factories import PASSWORD, MemberUserFactory, StaffFactory

REUSED = "différent de votre mot de passe actuel (ou provisoire)"
PHRASES = [f"phrase de passe numéro {word} du test" for word in ("un", "deux", "trois", "quatre", "cinq", "six")]


def temporary_password() -> str:
    return re.search(r"Mot de passe provisoire : (\S+)", mail.outbox[-1].body).group(1)


def change(client, old, new):
    return client.post("/mot-de-passe/", {"old_password": old, "new_password1": new, "new_password2": new})


def refusal(password, user) -> str:
    with pytest.raises(ValidationError) as refused:
        validate_password(password, user)
    return " ".join(refused.value.messages)


@pytest.mark.django_db
def test_the_forced_first_login_change_refuses_the_temporary_password(
    client, member_a, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        user = services.portal_account_create(kind=AccountKind.MEMBER, username="900001", email="a@example.org",
                                              actor=StaffFactory(), member=member_a)
    temporary = temporary_password()
    client.force_login(user)
    response = change(client, temporary, temporary)
    assert response.status_code == 200 and REUSED in response.content.decode()
    user.refresh_from_db()
    assert user.must_change_password and user.check_password(temporary)
    assert change(client, temporary, PHRASES[0]).status_code == 302


@pytest.mark.django_db
def test_a_temporary_password_set_by_the_staff_cannot_be_kept(
    client, member_admin, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.account_password_reset(user=member_admin, actor=StaffFactory())
    temporary = temporary_password()
    client.force_login(member_admin)
    assert REUSED in change(client, temporary, temporary).content.decode()


def test_a_voluntary_change_refuses_the_current_password(client_a, member_admin):
    response = change(client_a, PASSWORD, PASSWORD)
    assert response.status_code == 200 and REUSED in response.content.decode()


def test_a_reset_by_link_refuses_the_current_password(client, member_admin):
    client.post("/mot-de-passe/oublie/", {"login": member_admin.username})
    link = re.search(r"http://testserver(/mot-de-passe/reinitialiser/\S+/)", mail.outbox[-1].body).group(1)
    form_url = client.get(link).url
    response = client.post(form_url, {"new_password1": PASSWORD, "new_password2": PASSWORD})
    assert response.status_code == 200 and REUSED in response.content.decode()


@pytest.mark.django_db
def test_the_last_passwords_are_refused_and_older_ones_accepted_again():
    user = MemberUserFactory()
    for phrase in PHRASES[:PASSWORD_HISTORY + 1]:
        validate_password(phrase, user)
        user.set_password(phrase)
        user.save()
    assert PasswordHistory.objects.filter(user=user).count() == PASSWORD_HISTORY
    for recent in PHRASES[1:PASSWORD_HISTORY + 1]:
        assert REUSED in refusal(recent, user)
    validate_password(PHRASES[0], user)  # six passwords ago: allowed again


@pytest.mark.django_db
def test_a_staff_member_cannot_reuse_their_password(client):
    from portail.backoffice.models import StaffRole
    from portail.backoffice.tests.factories import STAFF_PASSWORD, login_verified, staff_with_device

    user, device = staff_with_device(StaffRole.RECEPTION)
    verified = login_verified(client, user, device)
    assert REUSED in change(verified, STAFF_PASSWORD, STAFF_PASSWORD).content.decode()
    assert change(Client(), STAFF_PASSWORD, STAFF_PASSWORD).status_code == 302  # anonymous: to the login
