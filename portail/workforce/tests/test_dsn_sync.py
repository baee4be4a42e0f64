"""DSN → employee list: routing by SIRET, the diff, and applying it (services, no views)."""

from datetime import date

import pytest
import time_machine
from django_scopes import scopes_disabled

from portail.accounts.selectors import accessible_members
from portail.audit.models import Event
from portail.dsn import parse_dsn
from portail.dsn.model import Contract, ContractEnd, DsnFile, Establishment, Individual
from portail.dsn.testing import dsn_bytes, next_month, synthetic_dsn
from portail.members.tests.factories import MemberFactory
from portail.workforce import dsn_sync
from portail.workforce.models import Employee
from portail.workforce.tests.factories import EmployeeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(date(2026, 3, 10), tick=False):
        yield


def for_member(member, generated):
    """The synthetic company's establishments given `member`'s SIRET (the first) and new SIRETs otherwise."""
    dsn = generated.dsn if hasattr(generated, "dsn") else generated
    for establishment in dsn.establishments:
        establishment.siren, establishment.nic = member.siret[:9], member.siret[9:]
    return dsn


def reparse(dsn):
    return parse_dsn(dsn_bytes(dsn))


def plan(member, dsn):
    return dsn_sync.dsn_plan(member=member, dsn=dsn, establishments=dsn.establishments, nir_full=True)


def apply(member, actor, dsn, choice=dsn_sync.DsnChoice()):
    return dsn_sync.dsn_apply(member=member, actor=actor, dsn=dsn, establishments=dsn.establishments, choice=choice,
                              nir_full=True)


def person(nir13, name, *, contracts, birth=date(1990, 4, 2), sex="H", first="JEAN PIERRE"):
    return Individual(nir=nir13, birth_name=name, first_names=first, birth_date=birth, sex=sex, contracts=contracts)


def one_establishment(member, *people, month=date(2026, 2, 1)):
    return DsnFile(month=month, establishments=[
        Establishment(siren=member.siret[:9], nic=member.siret[9:], individuals=list(people))])


def test_first_month_creates_everyone_then_the_same_file_changes_nothing(member_a, member_admin):
    dsn = reparse(for_member(member_a, synthetic_dsn(employees=60, establishments=1, hires=5, exits=3, seed=4)))
    first = apply(member_a, member_admin, dsn)
    created = first.count("create")
    assert created >= 50 and Employee.objects.filter(member=member_a).count() == created
    # The three who left during the month are created already gone.
    assert Employee.objects.filter(member=member_a, exit_date__isnull=False).count() == 3
    second = apply(member_a, member_admin, reparse(dsn))
    assert second.counts["create"] == second.counts["update"] == second.counts["exit"] == 0
    assert second.count("unchanged") == created
    assert Employee.objects.filter(member=member_a).count() == created


def test_next_month_shows_hires_exits_and_job_changes_matched_by_nir(member_a, member_admin):
    january = synthetic_dsn(employees=80, establishments=1, seed=7)
    for_member(member_a, january)
    apply(member_a, member_admin, reparse(january.dsn))
    february = next_month(january, seed=8, hires=4, exits=3, job_changes=5)
    result = plan(member_a, reparse(february.dsn))
    assert result.count("create") == sum(1 for p in february.hired if p.nir)
    assert result.count("exit") == 3
    assert result.count("update") == 5
    assert result.matched == result.count("exit") + result.count("update") + result.count("unchanged")
    changed = {label for row in result.of("update") for label, _, _ in row.changes}
    assert "Poste de travail" in changed and "Code PCS" in changed


def test_apply_writes_history_dsn_of_the_month_and_one_audit_event(member_a, member_admin):
    january = synthetic_dsn(employees=30, establishments=1, seed=3)
    for_member(member_a, january)
    apply(member_a, member_admin, reparse(january.dsn))
    february = next_month(january, seed=9, job_changes=2, exits=1)
    apply(member_a, member_admin, reparse(february.dsn))
    reasons = set(Employee.history.filter(member=member_a).values_list("history_change_reason", flat=True))
    assert reasons == {"DSN de janvier 2026", "DSN de février 2026"}
    assert Event.objects.filter(member=member_a, action="employee.dsn_import").count() == 2
    summary = Event.objects.filter(action="employee.dsn_import").latest("pk").summary
    assert summary.startswith("DSN de février 2026 : 0 entrée, 1 sortie, 2 modifications")


def test_unticked_rows_and_kinds_are_left_alone(member_a, member_admin):
    dsn = reparse(for_member(member_a, synthetic_dsn(employees=10, establishments=1, seed=1)))
    planned = plan(member_a, dsn)
    first, second = planned.of("create")[:2]
    choice = dsn_sync.DsnChoice(excluded=frozenset({first.index}))
    result = apply(member_a, member_admin, dsn, choice)
    assert Employee.objects.filter(member=member_a).count() == planned.count("create") - 1
    assert result.rows[first.index].action == "ignored"
    apply(member_a, member_admin, dsn, dsn_sync.DsnChoice(actions=frozenset({"exit"})))
    assert Employee.objects.filter(member=member_a).count() == planned.count("create") - 1


def test_names_jobs_contract_and_pcs_changes_are_listed_with_before_and_after(member_a, member_admin):
    cdd = Contract(start_date=date(2025, 1, 6), number="1", nature="02", job_title="Serveur", pcs_ese="561a",
                   expected_end_date=date(2026, 6, 30))
    apply(member_a, member_admin, one_establishment(member_a, person("1900475123456", "MARTIN", contracts=[cdd])))
    cdi = Contract(start_date=date(2025, 1, 6), number="1", nature="01", job_title="Chef de rang", pcs_ese="561a")
    renamed = person("1900475123456", "MARTIN", contracts=[cdi], first="Jean")
    renamed.usage_name = "DURAND"
    row = plan(member_a, one_establishment(member_a, renamed)).rows[0]
    assert row.action == "update"
    assert ("Contrat", "CDD", "CDI") in row.changes
    assert ("Poste de travail", "Serveur", "Chef de rang") in row.changes
    assert ("Nom marital", "—", "DURAND") in row.changes
    assert "Prénom" not in {label for label, _, _ in row.changes}  # "Jean" is the first of "JEAN PIERRE"


def test_a_new_contract_makes_the_follow_up_run_again_a_new_job_title_does_not(member_a, member_admin):
    cdd = Contract(start_date=date(2025, 1, 6), number="1", nature="02", job_title="Serveur", pcs_ese="561a",
                   expected_end_date=date(2026, 6, 30))
    apply(member_a, member_admin, one_establishment(member_a, person("1900475123456", "MARTIN", contracts=[cdd])))
    hired = Employee.objects.get(member=member_a).facts_changed
    with time_machine.travel(date(2026, 4, 10), tick=False):
        cdd.job_title = "Chef de rang"
        apply(member_a, member_admin, one_establishment(member_a, person("1900475123456", "MARTIN", contracts=[cdd])))
        assert Employee.objects.get(member=member_a).facts_changed == hired
    with time_machine.travel(date(2026, 5, 10), tick=False):
        cdi = Contract(start_date=date(2025, 1, 6), number="1", nature="01", job_title="Chef de rang", pcs_ese="561a")
        apply(member_a, member_admin, one_establishment(member_a, person("1900475123456", "MARTIN", contracts=[cdi])))
        employee = Employee.objects.get(member=member_a)
    assert employee.contract == "CDI" and employee.facts_changed > hired


def test_old_pcs_code_is_a_warning_and_the_hire_is_taken_without_it(member_a, member_admin):
    contract = Contract(start_date=date(2026, 2, 2), number="1", nature="01", job_title="Magasinier", pcs_ese="999z")
    row = plan(member_a, one_establishment(member_a, person("1900475123456", "PETIT", contracts=[contract]))).rows[0]
    assert row.action == "create" and row.data["pcs_code"] == ""
    assert "inconnu de la nomenclature 2017" in row.warnings[0]


def test_apprentice_and_exit_reason_come_from_the_contract_tables(member_a, member_admin):
    apprentice = Contract(start_date=date(2025, 9, 1), number="1", nature="02", policy="64", job_title="Apprenti",
                          expected_end_date=date(2027, 8, 31))
    resigning = Contract(start_date=date(2020, 1, 6), number="2", nature="01", job_title="Comptable",
                         end=ContractEnd(end_date=date(2026, 2, 20), motive="059"))
    dsn = one_establishment(member_a, person("1070475123456", "JEUNE", contracts=[apprentice], birth=date(2007, 4, 2)),
                            person("2850475123456", "DUPONT", contracts=[resigning], sex="F", birth=date(1985, 4, 2)))
    apply(member_a, member_admin, dsn)
    young = Employee.objects.get(member=member_a, birth_name="JEUNE")
    gone = Employee.objects.get(member=member_a, birth_name="DUPONT")
    assert young.contract == "APPRENTICE"
    assert (gone.exit_date, gone.exit_reason) == (date(2026, 2, 20), "RESIGNATION")


def test_exit_of_a_known_employee_goes_through_the_exit_service(member_a, member_admin):
    contract = Contract(start_date=date(2020, 1, 6), number="2", nature="01", job_title="Comptable")
    apply(member_a, member_admin, one_establishment(member_a, person("1900475123456", "MARTIN", contracts=[contract])))
    contract.end = ContractEnd(end_date=date(2026, 2, 27), motive="043")
    result = apply(member_a, member_admin, one_establishment(member_a, person("1900475123456", "MARTIN",
                                                                            contracts=[contract])))
    assert result.count("exit") == 1
    employee = Employee.objects.get(member=member_a)
    assert (employee.exit_date, employee.exit_reason) == (date(2026, 2, 27), "MUTUAL")
    assert Event.objects.filter(action="employee.exit", member=member_a).exists()


def test_an_employee_recorded_without_a_nir_is_to_review_not_created_twice(member_a, member_admin):
    contract = Contract(start_date=date(2020, 1, 6), number="1", nature="01", job_title="Comptable")
    EmployeeFactory(member=member_a, birth_name="MARTIN", first_name="Jean", birth_date=date(1990, 4, 2))
    Employee.objects.filter(member=member_a).update(nir_hash="", nir_encrypted="", nir_masked="")
    result = apply(member_a, member_admin, one_establishment(
        member_a, person("1900475123456", "MARTIN", contracts=[contract]),
        person("1900475123457", "DUPONT", contracts=[contract])))
    assert [(row.name.split()[0], row.action) for row in result.rows] == [("MARTIN", "review"), ("DUPONT", "create")]
    assert result.rows[0].message == dsn_sync.REVIEW
    assert Employee.objects.filter(member=member_a, birth_name="MARTIN").count() == 1


def test_individuals_that_cannot_be_taken_are_listed_with_the_reason(member_a):
    contract = Contract(start_date=date(2026, 2, 2), number="1", nature="01", job_title="Agent")
    mandate = Contract(start_date=date(2020, 2, 2), number="2", nature="80", job_title="Gérant")
    no_nir = person("", "SANSNIR", contracts=[contract])
    no_nir.temporary_number = "NTT00000000001"
    rows = plan(member_a, one_establishment(member_a, no_nir, person("1900475123456", "GERANT", contracts=[mandate]),
                                            person("1900475123456", "DOUBLE", contracts=[contract]))).rows
    assert [r.action for r in rows] == ["skipped", "skipped", "create"]
    assert "numéro technique" in rows[0].message and "mandat social" in rows[1].message


def test_route_by_siret_includes_grouped_establishments(member_a, member_admin):
    grouped = MemberFactory(group_head=member_a)
    dsn = one_establishment(member_a)
    dsn.establishments.append(Establishment(siren=grouped.siret[:9], nic=grouped.siret[9:]))
    routes = dsn_sync.dsn_route(dsn=dsn, allowed=accessible_members(user=member_admin))
    assert set(routes) == {member_a.pk, grouped.pk}


def test_route_refuses_a_siret_the_user_may_not_act_for_and_an_unknown_one(member_b, mandataire):
    dsn = one_establishment(member_b)
    with pytest.raises(dsn_sync.DsnRefused, match="vous n'agissez pas pour l'établissement SIRET"):
        dsn_sync.dsn_route(dsn=dsn, allowed=accessible_members(user=mandataire))
    dsn.establishments[0].nic = "99999"
    with pytest.raises(dsn_sync.DsnRefused, match="n'est pas adhérent du service"):
        dsn_sync.dsn_route(dsn=dsn, allowed=accessible_members(user=mandataire))


def test_staff_may_route_to_the_chosen_member_and_its_group_only(member_a, member_b, staff_user):
    allowed = dsn_sync.dsn_allowed_members(user=staff_user, member=member_a)
    assert dsn_sync.dsn_route(dsn=one_establishment(member_a), allowed=allowed) == {
        member_a.pk: one_establishment(member_a).establishments}
    with pytest.raises(dsn_sync.DsnRefused):
        dsn_sync.dsn_route(dsn=one_establishment(member_b), allowed=allowed)


def test_month_label_is_french():
    assert dsn_sync.dsn_history_reason(date(2026, 8, 1)) == "DSN de août 2026"


def test_apply_is_all_or_nothing(member_a, member_admin, monkeypatch):
    dsn = reparse(for_member(member_a, synthetic_dsn(employees=12, establishments=1, exits=0, seed=2)))

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(dsn_sync, "event_record", broken)  # the last write, after every employee
    with pytest.raises(RuntimeError), scopes_disabled():
        apply(member_a, member_admin, dsn)
    assert not Employee.objects.filter(member=member_a).exists()
