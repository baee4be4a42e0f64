"""Optimistic locking of the member record ("Vos informations"): a member user, a colleague or the service's staff
may change the same record; a save from a page shown before another save is refused (409) in French, with the
loser's typing kept, and nothing is lost silently."""

import html

import pytest

from portail.accounts.tests.factories import MemberUserFactory, logged_in
from portail.backoffice.tests.helpers import concurrent_saves, submit_change
from portail.core.concurrency import EditConflict
from portail.members import services
from portail.members.forms import ADDRESS_FIELDS
from portail.members.models import Member
from portail.members.tests.test_information import VALID

pytestmark = pytest.mark.django_db

URL = "/informations/modifier/"
CONFLICT = "Cette fiche a été modifiée par quelqu'un d'autre pendant votre saisie"


def _colleague(member, username):
    return logged_in(MemberUserFactory(member=member, username=username))


def _page(response) -> str:
    return html.unescape(response.content.decode())


def test_the_form_carries_the_version_it_shows(client_a, member_a):
    assert 'name="version" value="1"' in _page(client_a.get(URL))


def test_second_save_from_the_same_version_is_refused_and_kept(client_a, member_a):
    other = _colleague(member_a, "collegue-a")
    assert client_a.post(URL, {**VALID, "name": "NOM DE CLAIRE", "version": 1}).status_code == 302
    response = other.post(URL, {**VALID, "name": "NOM DE BRUNO", "phone": "04 68 11 22 33", "version": 1})
    page = _page(response)
    assert response.status_code == 409
    assert CONFLICT in page and "vos modifications n'ont pas été enregistrées" in page
    assert 'value="NOM DE BRUNO"' in page and 'value="04 68 11 22 33"' in page  # his typing is kept
    assert 'name="version" value="2"' in page  # validating again is now a deliberate choice
    member_a.refresh_from_db()
    assert member_a.name == "NOM DE CLAIRE" and member_a.phone == "04 68 00 00 00" and member_a.version == 2
    # Bruno checked and validates again, on purpose: accepted on the current version.
    assert other.post(URL, {**VALID, "name": "NOM DE BRUNO", "version": 2}).status_code == 302
    member_a.refresh_from_db()
    assert member_a.name == "NOM DE BRUNO" and member_a.version == 3


def test_a_staff_change_applied_meanwhile_makes_the_member_page_stale(client_a, member_a, member_admin, staff_user):
    """Staff apply an address change from the inbox (member_update without a form version): it bumps the version,
    so the member's page opened before cannot write the old address back over it."""
    change = submit_change(member_a, member_admin)
    from portail.backoffice.inbox_sources.members import SituationChangeSource

    address = {field: VALID[field] for field in ADDRESS_FIELDS}
    SituationChangeSource().apply(obj=change, data={**address, "address_line1": "12 avenue du Service"},
                                  actor=staff_user)
    member_a.refresh_from_db()
    assert member_a.version == 2
    response = client_a.post(URL, {**VALID, "address_line1": "3 rue Ancienne", "version": 1})
    assert response.status_code == 409 and CONFLICT in _page(response)
    member_a.refresh_from_db()
    assert member_a.address_line1 == "12 avenue du Service"


def test_every_member_write_bumps_the_version(member_a, staff_user):
    from datetime import date

    services.member_radiate(member=member_a, on=date(2026, 3, 31), actor=staff_user)
    services.member_reactivate(member=member_a, actor=staff_user)
    services.member_assignment_set(member=member_a, centre=None, care_team=None, actor=staff_user)
    member_a.refresh_from_db()
    assert member_a.version == 4


def test_service_refuses_a_stale_version_and_keeps_the_stored_row(member_a, member_admin):
    services.member_update(member=member_a, data={"name": "PREMIER"}, version=1, actor=member_admin)
    stale = Member.objects.get(pk=member_a.pk)
    stale.version = 1
    with pytest.raises(EditConflict):
        services.member_update(member=stale, data={"name": "SECOND"}, version=1, actor=member_admin)
    member_a.refresh_from_db()
    assert member_a.name == "PREMIER" and member_a.history.count() == 2  # creation + first save only


@pytest.mark.parametrize("junk", ["abc", "-1", "0", "99999999999999999999", "1.5", ""])
def test_junk_version_is_a_form_error_or_ignored_never_a_crash(client_a, member_a, junk):
    response = client_a.post(URL, {**VALID, "version": junk})
    assert response.status_code in (200, 302)


def test_the_version_is_not_shown_as_a_change_in_the_staff_history(client_a, member_a, staff_user):
    from portail.backoffice.selectors import member_change_history

    client_a.post(URL, {**VALID, "version": 1})
    changes = [label for entry in member_change_history(member=member_a) for label, _, _ in entry["changes"]]
    assert changes and "version" not in changes


def _race(member, user, *, version) -> list[str]:
    """Two users save the record at the same moment: the first holds its transaction open while the second
    starts (as the inbox race in backoffice/tests/test_edit_conflict.py)."""

    def save(name):
        services.member_update(member=Member.objects.get(pk=member.pk), data={"name": name}, version=version,
                               actor=user)

    return concurrent_saves(save, names=("ALICE", "BOB"), held_in=(Member, "full_clean"),
                            holds=lambda self, *args, **kwargs: self.name == "ALICE")


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_concurrent_saves_from_the_same_version_exactly_one_wins(member_a, member_admin):
    assert _race(member_a, member_admin, version=1) == ["ALICE: ok", "BOB: conflit"]
    member_a.refresh_from_db()
    assert member_a.name == "ALICE" and member_a.version == 2


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_without_a_version_both_saves_pass_one_after_the_other(member_a, member_admin):
    """Writes without a form (inbox processing) are serialised by the same row lock, not refused: both land,
    in order, and each bumps the version."""
    assert _race(member_a, member_admin, version=None) == ["ALICE: ok", "BOB: ok"]
    member_a.refresh_from_db()
    assert member_a.name == "BOB" and member_a.version == 3
