"""« Utilisateurs »: the company administrator invites by e-mail (single-use link, 7 days), changes roles,
deactivates, sees last logins; the invited person chooses their password under the usual rules."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from portail.accounts.models import AccountKind, Invitation, Membership, User
from portail.accounts.roles import Role
from portail.accounts.tests.factories import (
    PASSWORD,
    InvitationFactory,
    MembershipFactory,
    NamedUserFactory,
    client_acting_for,
)
from portail.audit.models import Event

pytestmark = pytest.mark.django_db
NEW_PASSWORD = "Une phrase de passe bien longue"


def _invite(client, capture, email="nouvelle@exemple.fr", role=Role.HR) -> str:
    """The link of the invitation e-mail (sent once the transaction commits)."""
    with capture(execute=True):
        response = client.post(reverse("accounts:user_invite"), {"email": email, "role": role})
    assert response.status_code == 302
    return re.search(r"http://testserver(/invitation/[^/\s]+/)", mail.outbox[-1].body).group(1)


def test_admin_invites_and_the_person_sets_a_password_then_logs_in_by_email(client_a, member_a, member_admin,
                                                                            django_capture_on_commit_callbacks):
    link = _invite(client_a, django_capture_on_commit_callbacks)
    assert mail.outbox[-1].to == ["nouvelle@exemple.fr"]
    assert "Salariés / RH" in mail.outbox[-1].body
    invitation = Invitation.objects.get()
    assert link.split("/")[2] not in invitation.token_hash  # only the hash is stored
    guest = Client()
    assert "Rejoindre" in guest.get(link).content.decode()
    response = guest.post(link, {"first_name": "Nina", "last_name": "Durand", "password1": NEW_PASSWORD,
                                 "password2": NEW_PASSWORD})
    assert response.status_code == 302
    user = User.objects.get(username="nouvelle@exemple.fr")
    assert user.kind == AccountKind.USER
    assert Membership.objects.get(user=user).role == Role.HR
    assert Event.objects.filter(action="user.joined", actor=user, member=member_a).exists()
    assert Event.objects.filter(action="user.invited", actor=member_admin).exists()
    # Single use: the link is dead once accepted.
    assert Client().get(link).status_code == 404
    login = Client().post("/connexion/", {"username": "nouvelle@exemple.fr", "password": NEW_PASSWORD})
    assert login.status_code == 302


def test_invitation_expires_after_seven_days(member_a):
    InvitationFactory(member=member_a, token="jeton-expire")
    with time_machine.travel(timezone.now() + timedelta(days=7, minutes=1)):
        response = Client().get("/invitation/jeton-expire/")
    assert response.status_code == 404
    assert "plus valable" in response.content.decode()


def test_a_weak_password_is_refused_and_the_names_are_kept(member_a):
    InvitationFactory(member=member_a, token="jeton-faible")
    response = Client().post("/invitation/jeton-faible/", {"first_name": "Nina", "last_name": "Durand",
                                                             "password1": "azerty", "password2": "azerty"})
    assert response.status_code == 400
    assert 'value="Nina"' in response.content.decode()
    assert not User.objects.filter(kind=AccountKind.USER).exists()


def test_a_person_already_known_joins_a_second_company_with_their_own_password(member_a, member_b):
    person = NamedUserFactory(username="rh@groupe.fr")
    MembershipFactory(user=person, member=member_b, role=Role.ADMIN)
    InvitationFactory(member=member_a, email="rh@groupe.fr", token="jeton-connu", role=Role.ACCOUNTING)
    refused = Client().post("/invitation/jeton-connu/", {"password1": "pas le bon mot de passe"})
    assert refused.status_code == 400
    assert Client().post("/invitation/jeton-connu/", {"password1": PASSWORD}).status_code == 302
    assert set(person.memberships.values_list("member__number", flat=True)) == {"900001", "900002"}


def test_admin_changes_a_role_deactivates_and_sees_last_login(client_a, member_a):
    membership = MembershipFactory(member=member_a, role=Role.READ_ONLY)
    User.objects.filter(pk=membership.user.pk).update(last_login=timezone.make_aware(timezone.datetime(2026, 3, 2, 9)))
    page = client_a.get(reverse("accounts:users")).content.decode()
    assert membership.user.email in page and "02/03/2026" in page
    client_a.post(reverse("accounts:user_role", args=[membership.pk]), {"role": Role.HR})
    client_a.post(reverse("accounts:user_active", args=[membership.pk]), {"active": "0"})
    membership.refresh_from_db()
    assert (membership.role, membership.is_active) == (Role.HR, False)
    event = Event.objects.get(action="user.role_changed")
    assert membership.user.get_full_name() in event.summary


def test_admin_revokes_a_pending_invitation(client_a, member_a):
    invitation = InvitationFactory(member=member_a, token="jeton-annule")
    client_a.post(reverse("accounts:invitation_revoke", args=[invitation.pk]))
    assert Client().get("/invitation/jeton-annule/").status_code == 404


def test_inviting_an_existing_user_of_the_company_is_refused_next_to_the_field(client_a, member_a):
    MembershipFactory(member=member_a, user__username="deja@exemple.fr")
    response = client_a.post(reverse("accounts:user_invite"), {"email": "deja@exemple.fr", "role": Role.HR})
    assert response.status_code == 400
    assert "déjà utilisateur" in response.content.decode()


@pytest.mark.parametrize("role", [Role.HR, Role.ACCOUNTING, Role.APPOINTMENTS, Role.READ_ONLY])
def test_only_administrators_manage_users(member_a, role):
    client = client_acting_for(MembershipFactory(member=member_a, role=role).user, member_a)
    assert client.get(reverse("accounts:users")).status_code == 403
    assert client.post(reverse("accounts:user_invite"), {"email": "x@exemple.fr", "role": Role.ADMIN}).status_code == 403


def test_named_administrator_manages_users(member_a):
    client = client_acting_for(MembershipFactory(member=member_a, role=Role.ADMIN).user, member_a)
    assert client.get(reverse("accounts:users")).status_code == 200


def test_outsider_gets_404_on_another_company_s_users(client_a, member_b):
    membership = MembershipFactory(member=member_b)
    invitation = InvitationFactory(member=member_b)
    assert client_a.post(reverse("accounts:user_role", args=[membership.pk]), {"role": Role.ADMIN}).status_code == 404
    assert client_a.post(reverse("accounts:user_active", args=[membership.pk]), {"active": "0"}).status_code == 404
    assert client_a.post(reverse("accounts:invitation_revoke", args=[invitation.pk])).status_code == 404
    membership.refresh_from_db()
    assert membership.role == Role.ADMIN and membership.is_active


def test_anonymous_is_sent_to_login():
    response = Client().get(reverse("accounts:users"))
    assert response.status_code == 302 and response.url.startswith("/connexion/")
