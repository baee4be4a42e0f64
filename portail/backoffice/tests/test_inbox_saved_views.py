"""Saved inbox views: a set of filters kept under a name, shared with the author's care team."""

import pytest
from django.test import Client
from django.urls import reverse

from portail.accounts.tests.factories import logged_in
from portail.backoffice.models import InboxSavedView, StaffRole
from portail.backoffice.tests.factories import login_verified, staff_with_device
from portail.members.tests.factories import CareTeamFactory

pytestmark = pytest.mark.django_db


def _agent(team):
    return login_verified(Client(), *staff_with_device(StaffRole.RECEPTION, care_team=team))


def test_a_saved_view_is_shared_with_the_team_only():
    team, other_team = CareTeamFactory(), CareTeamFactory()
    author = _agent(team)
    response = author.post(reverse("backoffice:inbox_view_create"), {"name": "Retards RDV",
                                                                       "query": "type=appointment_request&overdue=on"})
    assert response.status_code == 302 and "overdue=on" in response.url
    assert "Retards RDV" in _agent(team).get(reverse("backoffice:inbox")).content.decode()
    assert "?type=appointment_request&amp;overdue=on" in author.get(reverse("backoffice:inbox")).content.decode()
    assert "Retards RDV" not in _agent(other_team).get(reverse("backoffice:inbox")).content.decode()


def test_a_view_of_another_team_cannot_be_deleted():
    view = InboxSavedView.objects.create(name="Autre", query="", owner=staff_with_device()[0],
                                         care_team=CareTeamFactory())
    outsider = _agent(CareTeamFactory())
    assert outsider.post(reverse("backoffice:inbox_view_delete", args=[view.pk])).status_code == 404
    assert InboxSavedView.objects.filter(pk=view.pk).exists()


def test_a_nameless_view_is_refused(staff_client):
    page = staff_client().post(reverse("backoffice:inbox_view_create"), {"name": ""}, follow=True).content.decode()
    assert "Donnez un nom à la vue" in page
    assert not InboxSavedView.objects.exists()


def test_members_cannot_save_views(member_admin):
    member = logged_in(member_admin)
    assert member.post(reverse("backoffice:inbox_view_create"), {"name": "x"}).status_code == 403
