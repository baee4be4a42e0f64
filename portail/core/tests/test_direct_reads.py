"""read_one gives what the ORM gives (every field, converted by the backend), and the hot reads built on it —
session, user, current member — keep their rules."""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.utils import timezone

from portail.accounts.backends import PortalBackend
from portail.accounts.models import AccountKind
from portail.accounts.selectors import accessible_members, member_accessible
from portail.accounts.sessions import SessionStore
from portail.accounts.tests.factories import MandataireFactory, MandateFactory, MemberUserFactory, StaffFactory
from portail.core.direct_reads import quoted, read_one
from portail.members.models import Member
from portail.members.tests.factories import MemberFactory

pytestmark = pytest.mark.django_db


def _fields(instance) -> dict:
    return {field.attname: getattr(instance, field.attname) for field in type(instance)._meta.concrete_fields}


def test_read_one_matches_the_orm_field_by_field():
    user = MemberUserFactory(last_login=timezone.now(), is_active=True)
    member = user.member
    for model, pk in ((get_user_model(), user.pk), (Member, member.pk)):
        direct = read_one(model, where=f"{quoted(model, 'id')} = %s", params=[pk])
        orm = model.objects.get(pk=pk)
        assert _fields(direct) == _fields(orm)
        assert direct._state.adding is False and direct._state.db == "default"


def test_read_one_answers_none_when_no_row():
    assert read_one(Member, where=f"{quoted(Member, 'id')} = %s", params=[0]) is None


def test_session_is_read_back_and_expires():
    store = SessionStore()
    store["panier"] = "données"
    store.create()
    assert SessionStore(store.session_key).load() == {"panier": "données"}
    Session.objects.filter(session_key=store.session_key).update(expire_date=timezone.now() - timedelta(seconds=1))
    expired = SessionStore(store.session_key)
    assert expired.load() == {}
    assert expired.session_key is None  # a new key is minted, as Django's own engine does


def test_user_is_read_back_unless_inactive_or_unknown():
    user = MemberUserFactory()
    backend = PortalBackend()
    assert backend.get_user(user.pk) == user
    assert backend.get_user(str(user.pk)) == user  # the session keeps the id as text
    assert backend.get_user("pas-un-nombre") is None
    assert backend.get_user(user.pk + 1000) is None
    user.is_active = False
    user.save()
    assert backend.get_user(user.pk) is None


def test_member_accessible_follows_accessible_members_for_every_kind_of_account():
    head = MemberFactory()
    branch = MemberFactory(group_head=head)
    other = MemberFactory()
    member_user = MemberUserFactory(member=head)
    branch_user = MemberUserFactory(member=branch)
    mandataire = MandataireFactory()
    MandateFactory(mandataire=mandataire, member=branch)
    revoked = MandateFactory(mandataire=mandataire, member=other)
    revoked.revoked_at = timezone.now()
    revoked.save()
    staff = StaffFactory()
    assert staff.kind == AccountKind.STAFF
    for user in (member_user, branch_user, mandataire, staff):
        allowed = set(accessible_members(user=user).values_list("pk", flat=True))
        for member in (head, branch, other):
            found = member_accessible(user=user, member_id=member.pk)
            assert (found is not None) == (member.pk in allowed), (user.username, member.number)
            assert found is None or found == member
