"""The member page of the back office: the front desk sees a member's named users and their last login,
invites, changes roles, deactivates; each change names the staff member in the audit log."""

import pytest
from django.core import mail
from django.urls import reverse

from portail.accounts.models import Invitation
from portail.accounts.roles import Role
from portail.accounts.tests.factories import MembershipFactory
from portail.audit.models import Event
from portail.backoffice.models import StaffRole

pytestmark = pytest.mark.django_db


def test_front_desk_sees_named_users_invites_changes_role_and_deactivates(staff_client, member_a,
                                                                          django_capture_on_commit_callbacks):
    client = staff_client(StaffRole.RECEPTION)
    membership = MembershipFactory(member=member_a, role=Role.READ_ONLY, user__first_name="Léa",
                                   user__last_name="Petit")
    page = client.get(reverse("backoffice:member_detail", args=[member_a.pk])).content.decode()
    assert "Léa Petit" in page and "Lecture seule" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("backoffice:member_user_invite", args=[member_a.pk]),
                               {"email": "paie@exemple.fr", "role": Role.ACCOUNTING})
    assert response.status_code == 302
    assert Invitation.objects.get().email == "paie@exemple.fr"
    assert "/invitation/" in mail.outbox[-1].body
    client.post(reverse("backoffice:member_user_role", args=[member_a.pk, membership.pk]), {"role": Role.HR})
    client.post(reverse("backoffice:member_user_active", args=[member_a.pk, membership.pk]), {"active": "0"})
    membership.refresh_from_db()
    assert (membership.role, membership.is_active) == (Role.HR, False)
    assert Event.objects.filter(action="user.deactivated", actor__is_staff=True, member=member_a).exists()


def test_membership_of_another_member_is_404(staff_client, member_a, member_b):
    client = staff_client(StaffRole.RECEPTION)
    membership = MembershipFactory(member=member_b)
    url = reverse("backoffice:member_user_role", args=[member_a.pk, membership.pk])
    assert client.post(url, {"role": Role.HR}).status_code == 404


def test_roles_without_account_management_are_refused(staff_client, member_a):
    client = staff_client(StaffRole.ACCOUNTING)
    response = client.post(reverse("backoffice:member_user_invite", args=[member_a.pk]),
                           {"email": "x@exemple.fr", "role": Role.HR})
    assert response.status_code == 403
