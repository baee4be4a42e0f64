"""Structure and settings (administrators): centres, care teams, people, service settings."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from portail.audit.models import Event
from portail.backoffice.models import StaffRole
from portail.members.models import CareTeam, Centre, Service, TeamMember, TeamRole
from portail.members.selectors import service_branding
from portail.members.tests.factories import CentreFactory, TeamMemberFactory

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


@pytest.fixture
def admin(staff_client):
    return staff_client(StaffRole.ADMIN)


def test_create_a_centre_with_its_holiday_calendar(admin):
    response = admin.post(reverse("backoffice:structure_create", args=["centres"]), {
        "name": "Centre de Metz", "address_line1": "1 rue Serpenoise", "postal_code": "57000", "city": "Metz",
        "phone": "03 87 00 00 00", "opening_hours": "Lundi-vendredi 8h-17h", "calendar_region": "57"})
    assert response.url == reverse("backoffice:structure_list", args=["centres"])
    centre = Centre.objects.get(name="Centre de Metz")
    assert centre.calendar_region == "57" and centre.phone.replace(" ", "") == "0387000000"
    assert Event.objects.filter(action="structure.centre_created").exists()
    assert "Centre de Metz" in admin.get(reverse("backoffice:structure_list", args=["centres"])).content.decode()


def test_centre_refuses_an_unknown_region_and_a_wrong_city(admin):
    response = admin.post(reverse("backoffice:structure_create", args=["centres"]), {
        "name": "X", "address_line1": "1 rue", "postal_code": "13001", "city": "Lyon", "calendar_region": "99"})
    page = response.content.decode()
    assert response.status_code == 400
    assert "Cette ville ne correspond pas au code postal 13001" in page and "Sélectionnez un choix valide" in page


def test_care_team_with_its_people_and_member_assignment(admin, member_a):
    centre = CentreFactory()
    doctor = TeamMemberFactory(role=TeamRole.DOCTOR, last_name="MARTIN", first_name="Claire")
    admin.post(reverse("backoffice:structure_create", args=["equipes"]),
               {"name": "Équipe Nord", "centre": centre.pk, "people": [doctor.pk]})
    team = CareTeam.objects.get(name="Équipe Nord")
    assert list(team.people.all()) == [doctor]
    admin.post(reverse("backoffice:member_assignment", args=[member_a.pk]), {"centre": centre.pk,
                                                                           "care_team": team.pk})
    member_a.refresh_from_db()
    assert member_a.care_team == team


def test_edit_a_person_of_a_team(admin):
    person = TeamMemberFactory(role=TeamRole.NURSE)
    url = reverse("backoffice:structure_edit", args=["personnes", person.pk])
    assert admin.get(url).status_code == 200
    admin.post(url, {"role": TeamRole.PREVENTER, "last_name": "NOUVEAU", "first_name": "Nom",
                     "email": "nom@spst.example"})
    person.refresh_from_db()
    assert (person.role, person.last_name) == (TeamRole.PREVENTER, "NOUVEAU")
    assert admin.get(reverse("backoffice:structure_list", args=["inconnu"])).status_code == 404
    assert admin.get(reverse("backoffice:structure_edit", args=["personnes", 999999])).status_code == 404
    assert TeamMember.objects.count() == 1


def _settings(**overrides):
    data = {"name": "SPST Provence", "tagline": "Santé au travail", "primary_color": "#123456",
            "accent_color": "#abcdef", "hotline_email": "hotline@provence.example",
            "staff_notification_email": "equipe@provence.example", "sepa_creditor_id": "FR72ZZZ123456"}
    data.update(overrides)
    return data


def test_service_settings_change_the_portal_branding(admin):
    logo = SimpleUploadedFile("logo.png", PNG, content_type="image/png")
    response = admin.post(reverse("backoffice:service_settings"), _settings(logo=logo))
    assert response.status_code == 302
    branding = service_branding()
    assert (branding.name, branding.primary_color, branding.hotline_email) == (
        "SPST Provence", "#123456", "hotline@provence.example")
    assert branding.logo_url.endswith(".png")
    assert Service.objects.get().sepa_creditor_id == "FR72ZZZ123456"


@pytest.mark.parametrize(("name", "content", "message"), [
    ("logo.gif", b"GIF89a", "Le logo doit être une image PNG ou SVG."),
    ("logo.png", b"<svg></svg>", "Le logo doit être une image PNG ou SVG."),
    ("logo.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', "contient du script"),
    ("logo.svg", b'<svg xmlns="http://www.w3.org/2000/svg" onload="x()"></svg>', "contient du script"),
])
def test_logo_must_be_a_harmless_png_or_svg(admin, name, content, message):
    response = admin.post(reverse("backoffice:service_settings"),
                          _settings(logo=SimpleUploadedFile(name, content)))
    assert response.status_code == 400 and message in response.content.decode()


def test_a_clean_svg_logo_and_bad_colours(admin):
    svg = SimpleUploadedFile("logo.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><rect width="1"/></svg>')
    assert admin.post(reverse("backoffice:service_settings"), _settings(logo=svg)).status_code == 302
    response = admin.post(reverse("backoffice:service_settings"), _settings(primary_color="rouge",
                                                                            siret="123"))
    assert response.status_code == 400 and "Couleur au format #RRGGBB." in response.content.decode()


def test_structure_is_for_administrators_only(staff_client):
    client = staff_client(StaffRole.RECEPTION)
    assert client.get(reverse("backoffice:service_settings")).status_code == 403
    assert client.post(reverse("backoffice:structure_create", args=["centres"]), {"name": "X"}).status_code == 403
    assert not Centre.objects.exists()


def test_service_creditor_identifier_is_checked_with_its_key(admin):
    response = admin.post(reverse("backoffice:service_settings"), _settings(sepa_creditor_id="FR12ZZZ123456"))
    assert response.status_code == 400 and "identifiant créancier SEPA (ICS) n'est pas valide" in (
        response.content.decode().replace("&#x27;", "'"))
    assert admin.post(reverse("backoffice:service_settings"),
                      _settings(sepa_creditor_id="fr72 zzz 123456")).status_code == 302
    assert Service.objects.get().sepa_creditor_id == "FR72ZZZ123456"
