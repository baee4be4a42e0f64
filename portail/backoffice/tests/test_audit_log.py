import pytest
from django.db import connection, transaction
from django.db.utils import DatabaseError

from portail.audit.models import Event
from portail.audit.services import event_record
from portail.backoffice.models import StaffRole

pytestmark = pytest.mark.django_db


def test_administrator_searches_by_action_and_member(staff_client, member_a, member_b):
    event_record(action="member.situation_change_submitted", member=member_a, summary="Changement A")
    event_record(action="employee.created", member=member_b, summary="Salarié B")
    client = staff_client(StaffRole.ADMIN)
    by_action = client.get("/gestion/journal/?action=situation_change").content.decode()
    assert "Changement A" in by_action and "Salarié B" not in by_action
    by_member = client.get("/gestion/journal/?member=900002").content.decode()
    assert "Salarié B" in by_member and "Changement A" not in by_member


def test_date_filter(staff_client, member_a):
    event_record(action="x.y", member=member_a, summary="Aujourd'hui")
    client = staff_client(StaffRole.ADMIN)
    assert "Aujourd&#x27;hui" not in client.get("/gestion/journal/?date_to=2000-01-01").content.decode()
    assert "Aujourd&#x27;hui" in client.get("/gestion/journal/?date_from=2000-01-01").content.decode()


def test_bad_date_does_not_break_the_page(staff_client):
    response = staff_client(StaffRole.ADMIN).get("/gestion/journal/?date_from=31-02-2026")
    assert response.status_code == 200
    assert "Saisissez une date valide." in response.content.decode()


def test_other_roles_do_not_see_the_log_nor_its_menu_entry(staff_client):
    client = staff_client(StaffRole.ACCOUNTING)
    assert client.get("/gestion/journal/").status_code == 403
    assert "Journal d&#x27;audit" not in client.get("/gestion/").content.decode()


@pytest.mark.postgres
def test_audit_table_refuses_update_and_delete_on_postgresql(member_a):
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL trigger")
    event = event_record(action="x.y", member=member_a, summary="original")
    with pytest.raises(DatabaseError), transaction.atomic():
        Event.objects.filter(pk=event.pk).update(summary="falsifié")
    with pytest.raises(DatabaseError), transaction.atomic():
        Event.objects.filter(pk=event.pk).delete()
    with pytest.raises(DatabaseError), transaction.atomic():
        # Re-pointing an event to another member is tampering too.
        Event.objects.filter(pk=event.pk).update(member=None, summary="x")
    event.refresh_from_db()
    assert event.summary == "original"
    # on_delete=SET_NULL of the foreign keys keeps working.
    Event.objects.filter(pk=event.pk).update(member=None)
    event.refresh_from_db()
    assert event.member_id is None and event.summary == "original"
