"""Optimistic locking of inbox answers: two colleagues answer the same request from the same page version;
one wins, the other is told so in French with their typing kept, and nothing is lost silently."""

import pytest
from django.test import Client
from django.urls import reverse

from portail.backoffice import services
from portail.backoffice.models import StaffRole
from portail.backoffice.selectors import inbox_item_get
from portail.backoffice.tests.factories import login_verified, staff_with_device
from portail.backoffice.tests.helpers import concurrent_saves, submit_change
from portail.core.concurrency import EditConflict
from portail.members.models import MemberStatus, RequestStatus

pytestmark = pytest.mark.django_db


def _colleague():
    return login_verified(Client(), *staff_with_device(StaffRole.RECEPTION))


def _answer(client, change, text, version, **extra):
    return client.post(reverse("backoffice:item_answer", args=["situation_change", change.pk]),
                       {"status": RequestStatus.DONE, "answer": text, "version": version, **extra})


def test_the_page_carries_the_version_it_shows(member_a, member_admin):
    change = submit_change(member_a, member_admin)
    html = _colleague().get(reverse("backoffice:item", args=["situation_change", change.pk])).content.decode()
    assert 'name="version" value="1"' in html


def test_second_answer_from_the_same_version_is_refused_and_kept(member_a, member_admin):
    change = submit_change(member_a, member_admin)
    alice, bob = _colleague(), _colleague()
    assert _answer(alice, change, "Adresse enregistrée (Alice).", 1).status_code == 302
    response = _answer(bob, change, "Réponse de Bob, tapée longuement.", 1)
    html = response.content.decode()
    assert response.status_code == 409
    assert "Un collègue a traité cette demande pendant votre saisie" in html
    assert "Réponse de Bob, tapée longuement." in html  # his typing is kept
    assert 'name="version" value="2"' in html  # resending is now a deliberate choice
    change.refresh_from_db()
    assert change.answer == "Adresse enregistrée (Alice)." and change.version == 2
    # Bob read the history and sends again on purpose: accepted, on the current version.
    assert _answer(bob, change, "Complément de Bob.", 2).status_code == 302
    change.refresh_from_db()
    assert change.answer == "Complément de Bob." and change.version == 3


def test_a_conflict_applies_nothing_to_the_member_record(member_a, member_admin):
    change = submit_change(member_a, member_admin, kind="cessation")
    alice, bob = _colleague(), _colleague()
    assert _answer(alice, change, "Vu, en attente du Kbis.", 1, status=RequestStatus.IN_PROGRESS).status_code == 302
    response = _answer(bob, change, "Radiation enregistrée.", 1, **{"apply-apply": "on", "apply-on": "2026-03-31"})
    assert response.status_code == 409
    member_a.refresh_from_db()
    assert member_a.status == MemberStatus.ACTIVE  # Bob's radiation was not applied behind Alice's answer


def test_service_refuses_a_stale_version_and_accepts_no_version(member_a, member_admin, staff_user):
    change = submit_change(member_a, member_admin)
    item = inbox_item_get(source_key="situation_change", pk=change.pk)
    services.inbox_answer(item=item, status=RequestStatus.IN_PROGRESS, answer="Vu.", actor=staff_user, version=1)
    stale = inbox_item_get(source_key="situation_change", pk=change.pk)
    with pytest.raises(EditConflict):
        services.inbox_answer(item=stale, status=RequestStatus.DONE, answer="Encore.", actor=staff_user, version=1)
    # Callers without a form (scripts, other request types) are not checked.
    services.inbox_answer(item=stale, status=RequestStatus.DONE, answer="Fait.", actor=staff_user)
    change.refresh_from_db()
    assert change.status == RequestStatus.DONE


def test_the_version_is_not_shown_as_a_change_in_the_history(member_a, member_admin):
    change = submit_change(member_a, member_admin)
    client = _colleague()
    _answer(client, change, "Fait.", 1)
    html = client.get(reverse("backoffice:item", args=["situation_change", change.pk])).content.decode()
    assert "Statut : Envoyée → Traitée" in html and "version :" not in html



def test_applying_an_address_over_a_member_edit_made_meanwhile_is_refused(member_a, member_admin):
    """The member corrected their address in their portal after staff opened the request: staff's apply form
    carries the member record's version too, so the older address typed by staff is not written over it."""
    from portail.members import services as member_services

    change = submit_change(member_a, member_admin)
    staff = _colleague()
    page = staff.get(reverse("backoffice:item", args=["situation_change", change.pk])).content.decode()
    assert 'name="apply-member_version" value="1"' in page
    member_services.member_update(member=member_a, data={"address_line1": "7 rue du Membre"}, version=1,
                                  actor=member_admin)
    address = {"apply-apply": "on", "apply-address_line1": "5 rue du Service", "apply-postal_code": "66000",
               "apply-city": "Perpignan", "apply-country": "France", "apply-member_version": 1,
               "apply-on": "2026-03-01"}
    response = _answer(staff, change, "Adresse enregistrée.", 1, **address)
    html = response.content.decode()
    assert response.status_code == 409
    assert "modifiée par quelqu&#x27;un d&#x27;autre pendant votre saisie" in html
    assert 'value="5 rue du Service"' in html and "Adresse enregistrée." in html  # staff's typing is kept
    assert 'name="apply-member_version" value="2"' in html and 'name="version" value="1"' in html
    member_a.refresh_from_db()
    change.refresh_from_db()
    assert member_a.address_line1 == "7 rue du Membre" and change.status == RequestStatus.SENT
    # Staff checked the record and apply again, on purpose.
    assert _answer(staff, change, "Adresse enregistrée.", 1, **{**address, "apply-member_version": 2}
                   ).status_code == 302
    member_a.refresh_from_db()
    assert member_a.address_line1 == "5 rue du Service" and member_a.version == 3

def _race(change, staff_user, *, version) -> list[str]:
    """Two colleagues answer at the same moment: the first holds its transaction open while the second starts."""
    from portail.backoffice.inbox_sources.members import SituationChangeSource

    def answer(text):
        item = inbox_item_get(source_key="situation_change", pk=change.pk)
        services.inbox_answer(item=item, status=RequestStatus.DONE, answer=text, actor=staff_user, version=version)

    return concurrent_saves(answer, names=("Alice", "Bob"), held_in=(SituationChangeSource, "answer"),
                            holds=lambda self, **kwargs: kwargs["answer"] == "Alice")


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_concurrent_answers_from_the_same_version_exactly_one_wins(member_a, member_admin, staff_user):
    change = submit_change(member_a, member_admin)
    assert _race(change, staff_user, version=1) == ["Alice: ok", "Bob: conflit"]
    change.refresh_from_db()
    assert change.answer == "Alice"


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_without_the_version_one_answer_is_silently_lost(member_a, member_admin, staff_user):
    """Proves the test above can fail: without a version both are told "saved", and one answer is lost unseen
    (Bob's, written first, then overwritten by Alice's slower transaction)."""
    change = submit_change(member_a, member_admin)
    assert _race(change, staff_user, version=None) == ["Alice: ok", "Bob: ok"]
    change.refresh_from_db()
    assert change.answer == "Alice"
