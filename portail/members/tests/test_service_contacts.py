from django.forms.models import model_to_dict

from portail.backoffice.forms_structure import CareTeamForm, CentreForm, TeamMemberForm
from portail.backoffice.services import structure_save
from portail.members.models import TeamMember, TeamRole
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
    assert "Équipe pluridisciplinaire" in page and "MARTIN" in page
    detail = client_a.get(f"/contacts/personnes/{secretary.pk}/", HTTP_HX_REQUEST="true").content.decode()
    assert "04 68 35 73 87" in detail


def test_person_of_another_team_answers_404(client_a, member_a):
    stranger = TeamMemberFactory()
    assert client_a.get(f"/contacts/personnes/{stranger.pk}/").status_code == 404


def test_sepa_page_says_when_there_is_no_mandate(client_a):
    assert "pas de mandat de prélèvement SEPA" in client_a.get("/informations/sepa/").content.decode()


def _structure_save(form_class, instance, staff, **changes):
    """As the back office's structure page saves a centre, a team or a person."""
    data = model_to_dict(instance, fields=form_class._meta.fields)
    data = {name: [o.pk for o in value] if isinstance(value, list) else value for name, value in data.items()}
    form = form_class({k: v for k, v in {**data, **changes}.items() if v is not None}, instance=instance)
    assert form.is_valid(), form.errors
    return structure_save(form=form, actor=staff)


def test_team_changes_show_right_after_a_cached_view(client_a, member_a, staff_user):
    team = CareTeamFactory()
    member_a.care_team, member_a.centre = team, team.centre
    member_a.save()
    assert "DURANDEAU" not in client_a.get("/contacts/").content.decode()
    nurse = _structure_save(TeamMemberForm, TeamMember(), staff_user, role=TeamRole.NURSE, last_name="DURANDEAU",
                            first_name="Inès")
    _structure_save(CareTeamForm, team, staff_user, people=[nurse.pk])
    assert "DURANDEAU" in client_a.get("/contacts/").content.decode()
    _structure_save(TeamMemberForm, nurse, staff_user, phone="04 68 99 99 99")
    assert "04 68 99 99 99" in client_a.get(f"/contacts/personnes/{nurse.pk}/").content.decode()
    _structure_save(CareTeamForm, team, staff_user, people=[])
    assert "DURANDEAU" not in client_a.get("/contacts/").content.decode()
    _structure_save(CentreForm, team.centre, staff_user, name="Centre renommé")
    assert "Centre renommé" in client_a.get("/contacts/").content.decode()
