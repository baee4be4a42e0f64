"""« Répondre et passer à la suivante »: the answer is saved, and the next request of the queue opens."""

import pytest
from django.urls import reverse

from portail.accounts.tests.factories import logged_in
from portail.backoffice.tests.helpers import submit_change
from portail.members.models import RequestStatus

pytestmark = pytest.mark.django_db


def _answer_url(change):
    return reverse("backoffice:item_answer", args=["situation_change", change.pk])


def test_answer_and_next_opens_the_following_request(staff_client, member_a, member_b, member_admin, other_member):
    first, second = submit_change(member_a, member_admin), submit_change(member_b, other_member)
    client = staff_client()
    response = client.post(_answer_url(first), {"status": RequestStatus.DONE, "answer": "Fait.", "next": "1"})
    assert response.status_code == 302
    assert response.url == reverse("backoffice:item", args=["situation_change", second.pk])
    first.refresh_from_db()
    assert first.status == RequestStatus.DONE


def test_answer_and_next_on_the_last_request_goes_back_to_the_list(staff_client, member_a, member_admin):
    change = submit_change(member_a, member_admin)
    response = staff_client().post(_answer_url(change), {"status": RequestStatus.DONE, "answer": "Fait.", "next": "1"},
                                   follow=True)
    assert "Plus aucune demande à traiter." in response.content.decode()


def test_the_plain_answer_stays_on_the_request(staff_client, member_a, member_admin):
    change = submit_change(member_a, member_admin)
    response = staff_client().post(_answer_url(change), {"status": RequestStatus.DONE, "answer": "Fait."})
    assert response.url == reverse("backoffice:item", args=["situation_change", change.pk])


def test_members_cannot_answer(member_a, member_admin):
    change = submit_change(member_a, member_admin)
    member = logged_in(member_admin)
    assert member.post(_answer_url(change), {"status": "done", "answer": "x", "next": "1"}).status_code == 403
