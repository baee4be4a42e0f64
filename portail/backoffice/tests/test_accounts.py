"""Members created by staff, portal accounts (reset, lock), mandates and groups of establishments."""

import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from portail.accounts.models import AccountKind, Mandate, User
from portail.accounts.tests.factories import PASSWORD, MandataireFactory, logged_in
from portail.audit.models import Event
from portail.backoffice.models import StaffRole
from portail.core.identifiers import siren_from, siret_from
from portail.members.models import Member
from portail.members.tests.factories import CareTeamFactory, CentreFactory, MemberFactory

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Une phrase de passe toute neuve"


@pytest.fixture
def post(django_capture_on_commit_callbacks):
    """POST and run the on-commit callbacks (credentials are e-mailed once the transaction commits)."""

    def do(client, url, data=None):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(url, data or {})

    return do


def _member_form(**overrides):
    data = {
        "name": "BOULANGERIE DU PORT", "siret": siret_from(siren_from("51234567"), "0001"), "naf_code": "10.71C",
        "address_line1": "3 quai du Port", "postal_code": "13002", "city": "Marseille", "country": "France",
        "joined_on": "2026-01-15", "account_email": "gerant@boulangerie.example",
    }
    data.update(overrides)
    return data


def _password_from(message) -> str:
    return re.search(r"Mot de passe provisoire : (\S+)", message.body).group(1)


def test_staff_creates_a_member_whose_credentials_work_once_then_must_be_changed(staff_client, post):
    centre = CentreFactory()
    team = CareTeamFactory(centre=centre)
    MemberFactory(number="100041")
    client = staff_client(StaffRole.RECEPTION)
    response = post(client, reverse("backoffice:member_create"), _member_form(centre=centre.pk, care_team=team.pk))
    member = Member.objects.get(name="BOULANGERIE DU PORT")
    assert response.status_code == 302 and response.url == reverse("backoffice:member_detail", args=[member.pk])
    assert member.number == "100042" and member.naf_code == "10.71C" and member.care_team == team
    account = User.objects.get(member=member)
    assert account.kind == AccountKind.MEMBER and account.username == "100042" and account.must_change_password
    assert Event.objects.filter(action="member.created", member=member).exists()
    assert Event.objects.filter(action="account.created", member=member).exists()

    (message,) = mail.outbox
    assert message.to == ["gerant@boulangerie.example"]
    assert "Identifiant : 100042" in message.body
    password = _password_from(message)
    assert len(password) >= 16 and password not in str(Event.objects.values_list("summary", "data"))

    member_client = Client()
    response = member_client.post("/connexion/", {"username": "100042", "password": password})
    assert response.status_code == 302
    assert member_client.get("/").url == reverse("accounts:password_change")
    member_client.post(reverse("accounts:password_change"), {
        "old_password": password, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    account.refresh_from_db()
    assert not account.must_change_password
    assert member_client.get("/").status_code == 200


def test_first_member_number_and_invalid_input_get_french_errors(staff_client):
    client = staff_client(StaffRole.ADMIN)
    response = client.post(reverse("backoffice:member_create"),
                           _member_form(siret="12345678901234", naf_code="99.99Z", city="Lyon"))
    assert response.status_code == 400
    page = response.content.decode()
    assert "SIRET" in page and "Cette ville ne correspond pas au code postal 13002" in page
    assert not Member.objects.exists() and not mail.outbox
    client.post(reverse("backoffice:member_create"), _member_form())
    assert Member.objects.get().number == "100001"


def test_care_team_must_belong_to_the_chosen_centre(staff_client):
    team = CareTeamFactory()
    response = staff_client().post(reverse("backoffice:member_create"),
                                   _member_form(centre=CentreFactory().pk, care_team=team.pk))
    assert response.status_code == 400 and "Cette équipe dépend du centre" in response.content.decode()


def test_password_reset_mails_a_temporary_password_and_ends_open_sessions(staff_client, member_admin, post):
    member_client = logged_in(member_admin)
    assert member_client.get("/").status_code == 200
    response = post(staff_client(), reverse("backoffice:account_password_reset", args=[member_admin.pk]),
                    {"next": f"/gestion/adherents/{member_admin.member_id}/", "confirme": "oui"})
    assert response.url == f"/gestion/adherents/{member_admin.member_id}/"
    member_admin.refresh_from_db()
    assert member_admin.must_change_password and not member_admin.check_password(PASSWORD)
    assert member_admin.check_password(_password_from(mail.outbox[0]))
    assert member_client.get("/").url.startswith("/connexion/")
    assert Event.objects.filter(action="account.password_reset", member=member_admin.member).exists()


def test_locking_an_account_ends_its_session_and_unlocking_restores_login(staff_client, member_admin):
    member_client = logged_in(member_admin)
    client = staff_client()
    client.post(reverse("backoffice:account_active", args=[member_admin.pk]), {"active": "0"})
    member_admin.refresh_from_db()
    assert not member_admin.is_active
    assert member_client.get("/").url.startswith("/connexion/")
    assert Client().post("/connexion/", {"username": member_admin.username, "password": PASSWORD}).status_code == 200
    client.post(reverse("backoffice:account_active", args=[member_admin.pk]), {"active": "1"})
    assert Client().post("/connexion/", {"username": member_admin.username, "password": PASSWORD}).status_code == 302
    assert list(Event.objects.filter(action__startswith="account.").values_list("action", flat=True).order_by(
        "pk")) == ["account.locked", "account.unlocked"]


def test_staff_accounts_cannot_be_reset_from_the_member_screens(staff_client):
    from portail.backoffice.tests.factories import staff_with_device

    colleague, _ = staff_with_device()
    assert staff_client(StaffRole.ADMIN).post(
        reverse("backoffice:account_password_reset", args=[colleague.pk])).status_code == 404


def test_revoking_a_mandate_from_the_back_office_cuts_access_on_the_next_request(staff_client, mandataire,
                                                                                 member_a):
    portal = logged_in(mandataire)
    portal.post(reverse("accounts:switch_member"), {"member": member_a.pk})
    assert portal.get("/").status_code == 200
    mandate = Mandate.objects.get(mandataire=mandataire, member=member_a)
    response = staff_client().post(reverse("backoffice:mandate_revoke", args=[mandate.pk]),
                                   {"next": "https://evil.example/", "confirme": "oui"})
    assert response.url == reverse("backoffice:mandataire_list")
    mandate.refresh_from_db()
    assert mandate.revoked_at is not None
    assert portal.get("/").status_code == 302


def test_grant_a_mandate_from_the_member_page_and_from_the_mandataire_page(staff_client, member_a, member_b):
    cabinet = MandataireFactory(organisation="Cabinet Comptable Sud")
    client = staff_client()
    page = client.get(reverse("backoffice:member_detail", args=[member_a.pk])).content.decode()
    assert "Cabinet Comptable Sud" in page
    client.post(reverse("backoffice:member_mandate_grant", args=[member_a.pk]), {"mandataire": cabinet.pk})
    client.post(reverse("backoffice:mandataire_grant", args=[cabinet.pk]), {"member": member_b.number})
    assert set(Mandate.objects.filter(mandataire=cabinet, revoked_at=None).values_list("member__number",
                                                                                        flat=True)) == {
        member_a.number, member_b.number}
    response = client.post(reverse("backoffice:mandataire_grant", args=[cabinet.pk]), {"member": "000000"})
    assert response.status_code == 400 and "Aucun adhérent n° 000000" in response.content.decode()
    assert Event.objects.filter(action="mandate.granted").count() == 2


def test_staff_creates_a_mandataire_account_with_emailed_credentials(staff_client, post):
    client = staff_client()
    response = post(client, reverse("backoffice:mandataire_create"), {
        "username": "cabinet-durand", "organisation": "Cabinet Durand", "email": "contact@durand.example"})
    account = User.objects.get(username="cabinet-durand")
    assert response.url == reverse("backoffice:mandataire_detail", args=[account.pk])
    assert account.kind == AccountKind.MANDATAIRE and account.must_change_password and account.member is None
    assert "Cochez « Je suis mandataire »" in mail.outbox[0].body
    duplicate = client.post(reverse("backoffice:mandataire_create"), {
        "username": "Cabinet-Durand", "organisation": "X", "email": "x@example.org"})
    assert duplicate.status_code == 400 and "Cet identifiant est déjà utilisé." in duplicate.content.decode()
    assert "cabinet-durand" in client.get(reverse("backoffice:mandataire_list") + "?q=durand").content.decode()


def test_group_of_establishments_set_checked_and_unset(staff_client, member_a, member_b, member_c):
    client = staff_client()
    url = reverse("backoffice:member_group", args=[member_b.pk])
    client.post(url, {"head": member_a.number})
    member_b.refresh_from_db()
    assert member_b.group_head == member_a
    client.post(reverse("backoffice:member_group", args=[member_c.pk]), {"head": member_b.number})
    member_c.refresh_from_db()
    assert member_c.group_head is None  # one level only: B is itself grouped
    client.post(url, {"head": ""})
    member_b.refresh_from_db()
    assert member_b.group_head is None
    assert Event.objects.filter(action="member.group_changed", member=member_b).count() == 2


def test_only_administrators_assign_centre_and_team(staff_client, member_a):
    team = CareTeamFactory()
    url = reverse("backoffice:member_assignment", args=[member_a.pk])
    assert staff_client(StaffRole.RECEPTION).post(url, {"care_team": team.pk}).status_code == 403
    staff_client(StaffRole.ADMIN).post(url, {"centre": team.centre.pk, "care_team": team.pk})
    member_a.refresh_from_db()
    assert member_a.care_team == team and member_a.centre == team.centre
