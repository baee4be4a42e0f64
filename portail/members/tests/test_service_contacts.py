from portail.members.models import TeamRole
from portail.members.tests.factories import CareTeamFactory, TeamMemberFactory


def test_tab_shows_centre_and_team(client_a, member_a):
    team = CareTeamFactory()
    doctor = TeamMemberFactory(role=TeamRole.DOCTOR, last_name="MARTIN")
    secretary = TeamMemberFactory(role=TeamRole.ASSISTANT, last_name="QUESNOT", phone="04 68 35 73 87")
    team.people.add(doctor, secretary)
    member_a.care_team = team
    member_a.centre = team.centre
    member_a.save()
    page = client_a.get("/contacts/").content.decode()
    assert "Centre de visite" in page and team.centre.name in page
    assert "Equipe pluridisciplinaire" in page and "MARTIN" in page
    detail = client_a.get(f"/contacts/personnes/{secretary.pk}/", HTTP_HX_REQUEST="true").content.decode()
    assert "04 68 35 73 87" in detail


def test_person_of_another_team_answers_404(client_a, member_a):
    stranger = TeamMemberFactory()
    assert client_a.get(f"/contacts/personnes/{stranger.pk}/").status_code == 404


def test_sepa_page_says_when_there_is_no_mandate(client_a):
    assert "pas de mandat de prélèvement SEPA" in client_a.get("/informations/sepa/").content.decode()


def test_team_changes_show_right_after_a_cached_view(client_a, member_a):
    team = CareTeamFactory()
    member_a.care_team, member_a.centre = team, team.centre
    member_a.save()
    assert "DURANDEAU" not in client_a.get("/contacts/").content.decode()
    nurse = TeamMemberFactory(role=TeamRole.NURSE, last_name="DURANDEAU")
    team.people.add(nurse)  # a many-to-many change: no model is saved
    assert "DURANDEAU" in client_a.get("/contacts/").content.decode()
    nurse.phone = "04 68 99 99 99"
    nurse.save()
    assert "04 68 99 99 99" in client_a.get(f"/contacts/personnes/{nurse.pk}/").content.decode()
    team.people.remove(nurse)
    assert "DURANDEAU" not in client_a.get("/contacts/").content.decode()
    team.centre.name = "Centre renommé"
    team.centre.save()
    assert "Centre renommé" in client_a.get("/contacts/").content.decode()
