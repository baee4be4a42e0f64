import pytest
from django_scopes import ScopeError, scope, scopes_disabled

from portail.members.models import MemberContact
from portail.members.tests.factories import MemberContactFactory


def test_tenant_query_without_a_member_fails_loudly(member_a):
    MemberContactFactory(member=member_a)
    # A request or task that forgot to say which member it acts for:
    with scope(), pytest.raises(ScopeError):
        list(MemberContact.objects.all())


def test_scoped_query_only_sees_the_current_member(member_a, member_b):
    mine = MemberContactFactory(member=member_a)
    MemberContactFactory(member=member_b)
    with scope(member=member_a):
        assert list(MemberContact.objects.all()) == [mine]
    with scopes_disabled():
        assert MemberContact.objects.count() == 2
