"""Home tile, tab 2.7 block and the back-office inbox."""

from django.urls import reverse

from portail.activity.selectors import activity_summary
from portail.backoffice.models import StaffRole
from portail.backoffice.tests.factories import login_verified, staff_with_device
from portail.declarations import services
from portail.declarations.tiles import tile


def test_tile_says_what_is_due(declaration_a, member_a, member_admin, employees_a):
    current = tile(member=member_a)
    assert current.value == "À saisir" and "02/02/2026" in current.detail and current.tone == "warning"
    services.declaration_submit(declaration=declaration_a, actor=member_admin, send_email=False)
    assert tile(member=member_a).value == "À jour"


def test_activity_summary_has_the_declared_headcount(declaration_a, member_a, member_admin, employees_a):
    assert not [s for s in activity_summary(member=member_a, year=2026).sections if s.key == "declared_headcount"]
    services.declaration_submit(declaration=declaration_a, actor=member_admin, send_email=False)
    section = next(s for s in activity_summary(member=member_a, year=2026).sections
                   if s.key == "declared_headcount")
    assert section.title == "Effectif déclaré par catégorie"
    assert [r.value for r in section.rows[:3]] == ["2", "1", "1"]


def test_submitted_declaration_in_the_inbox_and_answered(client, declaration_a, member_admin, employees_a):
    submitted = services.declaration_submit(declaration=declaration_a, actor=member_admin, send_email=False)
    user, device = staff_with_device(StaffRole.ACCOUNTING)
    login_verified(client, user, device)
    inbox = client.get(reverse("backoffice:inbox")).content.decode()
    assert submitted.number in inbox
    url = reverse("backoffice:item", args=["declaration", submitted.pk])
    assert client.get(url).status_code == 200
    client.post(reverse("backoffice:item_answer", args=["declaration", submitted.pk]),
                {"status": "done", "answer": "Déclaration validée."})
    submitted.refresh_from_db()
    assert submitted.validated and submitted.invoice is not None
    assert submitted.number not in client.get(reverse("backoffice:inbox")).content.decode()
