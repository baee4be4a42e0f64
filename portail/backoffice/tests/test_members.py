import pytest
from django.urls import reverse

from portail.accounts.tests.factories import MandataireFactory, MandateFactory
from portail.backoffice.models import StaffRole
from portail.backoffice.tests.factories import login_verified, staff_with_device
from portail.members.tests.factories import CareTeamFactory, MemberAddressFactory, MemberContactFactory, MemberFactory

pytestmark = pytest.mark.django_db


def test_search_by_number_name_and_siret(staff_client, member_a, member_b):
    client = staff_client()
    by_number = client.get("/gestion/adherents/?q=900001").content.decode()
    assert "ENTREPRISE A" in by_number and "ENTREPRISE B" not in by_number
    by_name = client.get("/gestion/adherents/?q=entreprise b").content.decode()
    assert "ENTREPRISE B" in by_name and "ENTREPRISE A" not in by_name
    by_siret = client.get(f"/gestion/adherents/?q={member_b.siret[:9]}").content.decode()
    assert "ENTREPRISE B" in by_siret and "ENTREPRISE A" not in by_siret


def test_own_care_team_members_come_first(client):
    team = CareTeamFactory()
    MemberFactory(name="AAA AUTRE EQUIPE")
    MemberFactory(name="ZZZ MON EQUIPE", care_team=team)
    user, device = staff_with_device(StaffRole.DOCTOR, care_team=team)
    page = login_verified(client, user, device).get("/gestion/adherents/").content.decode()
    assert page.index("ZZZ MON EQUIPE") < page.index("AAA AUTRE EQUIPE")


def test_detail_shows_addresses_contacts_accounts_and_mandates(staff_client, member_a, member_admin):
    MemberAddressFactory(member=member_a, address_line1="2 rue du Port")
    MemberContactFactory(member=member_a, last_name="DURAND")
    cabinet = MandataireFactory(organisation="Cabinet Comptable Sud")
    MandateFactory(mandataire=cabinet, member=member_a)
    page = staff_client().get(reverse("backoffice:member_detail", args=[member_a.pk])).content.decode()
    for text in ("2 rue du Port", "DURAND", member_admin.username, "Cabinet Comptable Sud"):
        assert text in page


def test_unknown_member_answers_404(staff_client):
    assert staff_client().get(reverse("backoffice:member_detail", args=[999999])).status_code == 404


def test_member_detail_shows_who_changed_what(client, member_a, member_admin):
    from portail.backoffice.models import StaffRole
    from portail.backoffice.tests.factories import login_verified, staff_with_device
    from portail.members.services import member_update

    member_update(member=member_a, data={"name": "NOUVEAU NOM"}, actor=member_admin)
    user, device = staff_with_device(StaffRole.RECEPTION)
    login_verified(client, user, device)
    page = client.get(f"/gestion/adherents/{member_a.pk}/").content.decode()
    assert "Historique des modifications" in page
    assert "ENTREPRISE A → NOUVEAU NOM" in page
    assert member_admin.username in page
