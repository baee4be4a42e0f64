"""The company a portal request acts for, re-read on every request: who may act for which member."""

import pytest
from django.utils import timezone

from portail.accounts.selectors import member_accessible
from portail.accounts.tests.factories import MandataireFactory, MandateFactory, MemberUserFactory, StaffFactory
from portail.members.tests.factories import MemberFactory

pytestmark = pytest.mark.django_db


def test_each_kind_of_account_reaches_its_own_members_only():
    head = MemberFactory()
    branch = MemberFactory(group_head=head)
    other = MemberFactory()
    mandataire = MandataireFactory()
    MandateFactory(mandataire=mandataire, member=branch)
    revoked = MandateFactory(mandataire=mandataire, member=other)
    revoked.revoked_at = timezone.now()
    revoked.save()
    reachable = {
        MemberUserFactory(member=head): {head, branch},  # the head account and its grouped establishments
        MemberUserFactory(member=branch): {branch},
        mandataire: {branch},  # a revoked mandate reaches nothing
        StaffFactory(): set(),
    }
    for user, expected in reachable.items():
        found = {member for member in (head, branch, other) if member_accessible(user=user, member_id=member.pk)}
        assert found == expected, user.username
        assert member_accessible(user=user, member_id=0) is None
