"""A password reset and a mandate revocation happen only after a confirmation page (no JavaScript needed)."""

import pytest
from django.core import mail
from django.urls import reverse

from portail.accounts.models import Mandate
from portail.accounts.tests.factories import PASSWORD, logged_in

pytestmark = pytest.mark.django_db


def test_the_reset_button_leads_to_a_confirmation_and_changes_nothing(staff_client, member_admin):
    client = staff_client()
    url = reverse("backoffice:account_password_reset", args=[member_admin.pk])
    back = f"/gestion/adherents/{member_admin.member_id}/"
    first = client.post(url, {"next": back})
    page = first.content.decode()
    assert first.status_code == 200 and f"Réinitialiser le mot de passe de {member_admin.username} ?" in page
    assert 'name="confirme" value="oui"' in page and f'href="{back}"' in page  # "Annuler" goes back
    member_admin.refresh_from_db()
    assert member_admin.check_password(PASSWORD) and not mail.outbox
    assert client.get(url).status_code == 200  # the page itself, reachable as a link too
    done = client.post(url, {"next": back, "confirme": "oui"})
    assert done.status_code == 302 and done.url == back
    member_admin.refresh_from_db()
    assert not member_admin.check_password(PASSWORD)


def test_revoking_a_mandate_asks_for_confirmation_first(staff_client, mandataire, member_a):
    mandate = Mandate.objects.get(mandataire=mandataire, member=member_a)
    client = staff_client()
    url = reverse("backoffice:mandate_revoke", args=[mandate.pk])
    page = client.post(url).content.decode()
    assert "Révoquer le mandat de" in page and "ne se rétablit pas" in page
    mandate.refresh_from_db()
    assert mandate.revoked_at is None
    client.post(url, {"confirme": "oui"})
    mandate.refresh_from_db()
    assert mandate.revoked_at is not None


def test_members_never_reach_the_confirmation(member_admin):
    member = logged_in(member_admin)
    assert member.get(reverse("backoffice:account_password_reset", args=[member_admin.pk])).status_code == 403
