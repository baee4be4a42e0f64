"""The inbox: what members send shows up, staff comment, assign, answer; the member sees the answer."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from portail.audit.models import Event
from portail.backoffice.models import InboxComment, StaffRole
from portail.backoffice.tests.helpers import PDF, submit_change
from portail.members.models import RequestStatus, SituationChangeRequest

pytestmark = pytest.mark.django_db


def _item_url(change, suffix=""):
    return reverse("backoffice:item", args=["situation_change", change.pk]) + suffix


def test_inbox_lists_a_change_submitted_by_a_member(staff_client, member_a, member_admin):
    submit_change(member_a, member_admin)
    page = staff_client().get("/gestion/").content.decode()
    assert "Changement de situation" in page
    assert "900001 – ENTREPRISE A" in page
    assert "Changement d&#x27;adresse au 01/03/2026" in page
    assert "Envoyée" in page
    assert "1 à traiter" in page


def test_inbox_hides_processed_items_unless_asked(staff_client, member_a, member_admin):
    change = submit_change(member_a, member_admin)
    SituationChangeRequest.objects.filter(pk=change.pk).update(status=RequestStatus.DONE)
    client = staff_client()
    assert "ENTREPRISE A" not in client.get("/gestion/").content.decode()
    assert "ENTREPRISE A" in client.get("/gestion/?status=all").content.decode()
    assert "ENTREPRISE A" in client.get("/gestion/?status=done").content.decode()


def test_overdue_filter_and_highlight_follow_the_service_level_target(staff_client, member_a, member_b,
                                                                      member_admin, other_member, settings):
    settings.BACKOFFICE_INBOX_TARGET_DAYS = {"situation_change": 5}
    late = submit_change(member_a, member_admin)
    submit_change(member_b, other_member)
    SituationChangeRequest.objects.filter(pk=late.pk).update(created_at=timezone.now() - timedelta(days=30))
    client = staff_client()
    page = client.get("/gestion/").content.decode()
    assert "(en retard)" in page and "1 en retard" in page
    overdue_only = client.get("/gestion/?overdue=on").content.decode()
    assert "ENTREPRISE A" in overdue_only and "ENTREPRISE B" not in overdue_only


def test_unknown_filter_values_do_not_break_the_inbox(staff_client):
    assert staff_client().get("/gestion/?type=nope&status=zzz").status_code == 200


def test_item_page_shows_details_and_the_attachment_downloads(staff_client, member_a, member_admin):
    change = submit_change(member_a, member_admin, with_pdf=True)
    client = staff_client()
    page = client.get(_item_url(change)).content.decode()
    assert "Nous déménageons." in page and "Télécharger" in page
    download = client.get(_item_url(change, "piece-jointe/"))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF
    assert Event.objects.filter(action="backoffice.attachment_downloaded", member=member_a).exists()


def test_attachment_download_404_without_attachment(staff_client, member_a, member_admin):
    change = submit_change(member_a, member_admin)
    assert staff_client().get(_item_url(change, "piece-jointe/")).status_code == 404


def test_unknown_item_answers_404(staff_client):
    client = staff_client()
    assert client.get(reverse("backoffice:item", args=["situation_change", 999999])).status_code == 404
    assert client.get(reverse("backoffice:item", args=["nope", 1])).status_code == 404


def test_answer_updates_the_member_page_and_emails_the_member(
    staff_client, client, member_a, member_admin, django_capture_on_commit_callbacks
):
    change = submit_change(member_a, member_admin)
    mail.outbox.clear()
    staff = staff_client(StaffRole.RECEPTION)
    with django_capture_on_commit_callbacks(execute=True):
        response = staff.post(_item_url(change, "repondre/"), {
            "status": RequestStatus.DONE, "answer": "Adresse mise à jour dans nos fichiers.",
        })
    assert response.status_code == 302
    change.refresh_from_db()
    assert change.status == RequestStatus.DONE
    assert [m.to for m in mail.outbox] == [[member_admin.email]]
    assert "Adresse mise à jour dans nos fichiers." in mail.outbox[0].body
    assert Event.objects.filter(action="backoffice.situation_change_answered", member=member_a).exists()
    client.force_login(member_admin)
    member_page = client.get("/informations/changement-de-situation/").content.decode()
    assert "Adresse mise à jour dans nos fichiers." in member_page
    assert "Traitée" in member_page


def test_answer_without_text_is_refused_in_french(staff_client, member_a, member_admin):
    change = submit_change(member_a, member_admin)
    response = staff_client().post(_item_url(change, "repondre/"), {"status": RequestStatus.DONE, "answer": " "})
    assert response.status_code == 400
    assert "Ce champ est obligatoire." in response.content.decode()
    change.refresh_from_db()
    assert change.status == RequestStatus.SENT


def test_answer_refuses_a_status_outside_the_list(staff_client, member_a, member_admin):
    change = submit_change(member_a, member_admin)
    response = staff_client().post(_item_url(change, "repondre/"), {"status": "sent", "answer": "x"})
    assert response.status_code == 400


def test_internal_comment_and_assignment_appear_in_the_history(staff_client, member_a, member_admin, client):
    change = submit_change(member_a, member_admin)
    staff = staff_client()
    staff.post(_item_url(change, "commenter/"), {"body": "Kbis demandé par téléphone."})
    staff.post(_item_url(change, "m-attribuer/"))
    staff.post(_item_url(change, "repondre/"), {"status": RequestStatus.IN_PROGRESS, "answer": "Nous vérifions."})
    page = staff.get(_item_url(change)).content.decode()
    assert "Kbis demandé par téléphone." in page
    assert "Attribuée à" in page and "Demande reçue" in page
    assert "Statut : Envoyée → En cours de traitement" in page
    inbox = staff.get("/gestion/").content.decode()
    assert InboxComment.objects.get().author.display_name in inbox  # the assignee column
    # Internal comments never reach the member.
    client.force_login(member_admin)
    assert "Kbis demandé" not in client.get("/informations/changement-de-situation/").content.decode()


def test_empty_comment_is_refused(staff_client, member_a, member_admin):
    change = submit_change(member_a, member_admin)
    response = staff_client().post(_item_url(change, "commenter/"), {"body": ""})
    assert response.status_code == 400
    assert not InboxComment.objects.exists()


def test_filters_by_assignee_and_by_own_care_team(client, member_a, member_b, member_admin, other_member):
    from portail.backoffice.tests.factories import login_verified, staff_with_device
    from portail.members.tests.factories import CareTeamFactory

    team = CareTeamFactory()
    member_b.care_team = team
    member_b.save(update_fields=["care_team"])
    change_a = submit_change(member_a, member_admin)
    submit_change(member_b, other_member)
    user, device = staff_with_device(StaffRole.NURSE, care_team=team)
    login_verified(client, user, device)
    client.post(_item_url(change_a, "m-attribuer/"))
    mine = client.get("/gestion/?assigned=me").content.decode()
    assert "ENTREPRISE A" in mine and "ENTREPRISE B" not in mine
    unassigned = client.get("/gestion/?assigned=none").content.decode()
    assert "ENTREPRISE B" in unassigned and "ENTREPRISE A" not in unassigned
    team_only = client.get("/gestion/?my_team=on").content.decode()
    assert "ENTREPRISE B" in team_only and "ENTREPRISE A" not in team_only


def test_a_new_request_type_plugs_in_through_the_registry(staff_client, member_a, member_admin, settings):
    from portail.backoffice import inbox
    from portail.backoffice.inbox_sources.members import SituationChangeSource

    class CessationSource(SituationChangeSource):
        key = "cessation_test"
        label = "Cessation (test)"

        def queryset(self):
            return super().queryset().filter(kind="cessation")

    settings.BACKOFFICE_INBOX_TARGET_DAYS = {"cessation_test": 2}
    inbox.register(CessationSource())
    try:
        change = submit_change(member_a, member_admin, kind="cessation")
        client = staff_client()
        page = client.get("/gestion/?type=cessation_test").content.decode()
        assert "Cessation (test)" in page and "1 demande" in page
        item = client.get(reverse("backoffice:item", args=["cessation_test", change.pk]))
        assert item.status_code == 200
        assert inbox.source_get("cessation_test").item(change).due_date > change.created_at.date()
    finally:
        inbox.INBOX_SOURCES.pop("cessation_test")
