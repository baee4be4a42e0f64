"""Processing a situation change carries it into the member's record, only when staff ask."""

from datetime import date

import pytest
from django.core import mail
from django.urls import reverse

from portail.audit.models import Event
from portail.backoffice.tests.helpers import submit_change
from portail.members.models import Member, MemberStatus, RequestStatus

pytestmark = pytest.mark.django_db


def _url(change):
    return reverse("backoffice:item_answer", args=["situation_change", change.pk])


def test_cessation_processed_and_applied_radiates_the_member(staff_client, member_a, member_admin):
    change = submit_change(member_a, member_admin, kind="cessation")
    client = staff_client()
    page = client.get(reverse("backoffice:item", args=["situation_change", change.pk])).content.decode()
    assert "Appliquer au dossier de l&#x27;adhérent" in page and 'value="2026-03-01"' in page
    response = client.post(_url(change), {
        "status": RequestStatus.DONE, "answer": "Radiation enregistrée.",
        "apply-apply": "on", "apply-on": "2026-03-31",
    })
    assert response.status_code == 302
    member_a.refresh_from_db()
    assert member_a.status == MemberStatus.RADIATED and member_a.radiated_on == date(2026, 3, 31)
    change.refresh_from_db()
    assert change.status == RequestStatus.DONE
    assert Event.objects.filter(action="member.radiated", member=member_a).exists()
    assert Event.objects.filter(action="backoffice.inbox_applied", object_id=str(change.pk)).exists()
    assert "Appliquée au dossier" in client.get(reverse("backoffice:item", args=["situation_change", change.pk])
                                                ).content.decode()


def test_dormant_applied_suspends_the_member(staff_client, member_a, member_admin):
    change = submit_change(member_a, member_admin, kind="dormant")
    staff_client().post(_url(change), {"status": RequestStatus.DONE, "answer": "OK", "apply-apply": "on",
                                       "apply-on": "2026-03-01"})
    member_a.refresh_from_db()
    assert member_a.status == MemberStatus.SUSPENDED and member_a.radiated_on == date(2026, 3, 1)


def test_answer_without_ticking_the_box_leaves_the_member_unchanged(staff_client, member_a, member_admin):
    change = submit_change(member_a, member_admin, kind="cessation")
    response = staff_client().post(_url(change), {"status": RequestStatus.DONE, "answer": "Vu.",
                                                  "apply-on": "2026-03-01"})
    assert response.status_code == 302
    member_a.refresh_from_db()
    assert member_a.status == MemberStatus.ACTIVE and member_a.radiated_on is None


def test_applying_requires_the_processed_status_and_changes_nothing_otherwise(staff_client, member_a,
                                                                             member_admin):
    change = submit_change(member_a, member_admin, kind="cessation")
    response = staff_client().post(_url(change), {"status": RequestStatus.IN_PROGRESS, "answer": "Vu.",
                                                  "apply-apply": "on", "apply-on": "2026-03-01"})
    assert response.status_code == 400
    assert "choisissez le statut « Traitée »" in response.content.decode()
    member_a.refresh_from_db()
    change.refresh_from_db()
    assert member_a.status == MemberStatus.ACTIVE and change.status == RequestStatus.SENT
    assert not mail.outbox


def test_address_change_replaces_every_line_of_the_old_address(staff_client, member_a, member_admin):
    Member.objects.filter(pk=member_a.pk).update(address_line2="Bâtiment B", address_line3="ZI des Anciens")
    change = submit_change(member_a, member_admin, kind="address")
    client = staff_client()
    page = client.get(reverse("backoffice:item", args=["situation_change", change.pk])).content.decode()
    assert "Bâtiment B" not in page and 'value="2026-03-01"' in page  # typed whole, dated from the request
    response = client.post(_url(change), {
        "status": RequestStatus.DONE, "answer": "Adresse mise à jour.", "apply-apply": "on",
        "apply-address_line1": "12 avenue du Prado", "apply-postal_code": "13008", "apply-city": "Marseille",
        "apply-country": "", "apply-on": "2026-03-01",
    })
    assert response.status_code == 302
    member = Member.objects.get(pk=member_a.pk)
    assert (member.address_line1, member.address_line2, member.address_line3, member.postal_code, member.city,
            member.country) == ("12 avenue du Prado", "", "", "13008", "Marseille", "France")
    assert Event.objects.filter(action="member.updated", member=member_a).exists()


def test_an_invalid_address_is_refused_next_to_the_field(staff_client, member_a, member_admin):
    change = submit_change(member_a, member_admin, kind="address")
    response = staff_client().post(_url(change), {
        "status": RequestStatus.DONE, "answer": "OK", "apply-apply": "on",
        "apply-address_line1": "1 rue X", "apply-postal_code": "13008", "apply-city": "Lyon", "apply-on": "2026-03-01",
    })
    assert response.status_code == 400
    assert "Cette ville ne correspond pas au code postal 13008" in response.content.decode()
    change.refresh_from_db()
    assert change.status == RequestStatus.SENT


def test_other_kinds_offer_no_apply_box(staff_client, member_a, member_admin):
    change = submit_change(member_a, member_admin, kind="other")
    page = staff_client().get(reverse("backoffice:item", args=["situation_change", change.pk])).content.decode()
    assert "Appliquer au dossier" not in page
