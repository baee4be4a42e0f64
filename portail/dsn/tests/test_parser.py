"""What the reader builds: round trips with the generator, block structure, non-fatal anomalies."""

from datetime import date

import pytest
from stdnum.fr import nir as stdnum_nir

from portail.dsn import parse_dsn
from portail.dsn.testing import dsn_bytes, next_month, synthetic_dsn

from .samples import NIR, contract, declaration, envoi, envoi_header, individual, line_number, minimal_lines


def _people(data: bytes):
    return [person for _, person in parse_dsn(data).individuals()]


@pytest.mark.parametrize("encoding", ["iso-8859-1", "utf-8"])
def test_generated_month_reads_back_identical(encoding):
    generated = synthetic_dsn(employees=120, establishments=3, hires=6, exits=7, seed=3)
    parsed = parse_dsn(dsn_bytes(generated, encoding=encoding))
    assert parsed == generated.dsn
    assert parsed.anomalies == []


def test_generated_month_without_payroll_blocks_reads_back_identical():
    generated = synthetic_dsn(employees=40, establishments=1, hires=2, exits=2, seed=5)
    assert parse_dsn(dsn_bytes(generated, payroll=False, newline="\n")) == generated.dsn


def test_next_generated_month_reads_back_with_its_hires_exits_and_changes():
    first = synthetic_dsn(employees=60, establishments=2, exits=3, seed=1)
    second = next_month(first, seed=2, hires=4, exits=2, job_changes=3)
    parsed = parse_dsn(dsn_bytes(second))
    assert parsed == second.dsn
    assert parsed.month == date(2026, 2, 1)
    staff = {person.staff_number for _, person in parsed.individuals()}
    assert {p.staff_number for p in second.hired} <= staff
    assert not {p.staff_number for p in first.left} & staff


def test_each_establishment_keeps_its_own_individuals():
    lines = [*envoi_header(), *declaration(), *individual(name="DURAND"), *contract(),
             *declaration(nic="00032"), *individual(name="MARTIN"), *contract(), *individual(name="PETIT"),
             *contract()]
    dsn = parse_dsn(envoi(lines))
    assert [(e.siret, [p.birth_name for p in e.individuals]) for e in dsn.establishments] == [
        ("77618638900024", ["DURAND"]), ("77618638900032", ["MARTIN", "PETIT"]),
    ]


def test_envoi_and_declaration_facts_are_kept():
    lines = [*envoi_header(test=True), *declaration(nature="01", fraction="12"), *individual(), *contract()]
    dsn = parse_dsn(envoi(lines))
    assert (dsn.month, dsn.software, dsn.norm_version, dsn.test) == (date(2026, 1, 1), "PAIE", "P26V01", True)
    establishment = dsn.establishments[0]
    assert (establishment.declaration_nature, establishment.declaration_type, establishment.declaration_fraction) == (
        "01", "01", "12")


def test_individual_and_contract_rubrics_land_in_their_fields():
    lines = [*envoi_header(), *declaration(),
             f"S21.G00.30.001,'{NIR}'", "S21.G00.30.002,'MARTIN'", "S21.G00.30.003,'DURAND'",
             "S21.G00.30.004,'Anne Marie'", "S21.G00.30.005,'02'", "S21.G00.30.006,'15021979'",
             "S21.G00.30.019,'M42'",
             "S21.G00.40.001,'01092025'", "S21.G00.40.002,'04'", "S21.G00.40.004,'344b'",
             "S21.G00.40.005,'X1'", "S21.G00.40.006,'MEDECIN DU TRAVAIL'", "S21.G00.40.007,'02'",
             "S21.G00.40.008,'99'", "S21.G00.40.009,'00042'", "S21.G00.40.010,'31082026'",
             "S21.G00.40.021,'03'"]
    person = _people(envoi(lines))[0]
    assert (person.nir, person.birth_name, person.usage_name, person.first_names, person.sex) == (
        NIR, "MARTIN", "DURAND", "Anne Marie", "F")
    assert (person.birth_date, person.staff_number) == (date(1979, 2, 15), "M42")
    job = person.contracts[0]
    assert (job.start_date, job.conventional_status, job.pcs_ese, job.pcs_ese_complement, job.job_title) == (
        date(2025, 9, 1), "04", "344b", "X1", "MEDECIN DU TRAVAIL")
    assert (job.nature, job.policy, job.number, job.expected_end_date, job.recourse) == (
        "02", "99", "00042", date(2026, 8, 31), "03")
    assert job.kind == "SEASONAL"


def test_two_contracts_in_a_row_are_two_contracts_and_the_end_follows_the_second():
    lines = [*envoi_header(), *declaration(), *individual(), *contract(number="00001"),
             *contract(start="01012026", nature="02", number="00002", end="31012026", motive="031")]
    person = _people(envoi(lines))[0]
    assert [(c.number, c.end.motive if c.end else None) for c in person.contracts] == [
        ("00001", None), ("00002", "031")]
    assert [c.number for c in person.current_contracts] == ["00001"]


def test_contract_end_after_payroll_blocks_still_belongs_to_the_contract():
    # Some software write the blocks in numeric order: S21.G00.62 after the remuneration blocks.
    lines = [*envoi_header(), *declaration(), *individual(), *contract(),
             "S21.G00.50.001,'31012026'", "S21.G00.51.001,'01012026'", "S21.G00.51.001,'01012026'",
             "S21.G00.62.001,'20012026'", "S21.G00.62.002,'043'", "S21.G00.78.001,'02'"]
    end = _people(envoi(lines))[0].contracts[0].end
    assert (end.end_date, end.motive, end.exit_reason, end.motive_label) == (
        date(2026, 1, 20), "043", "MUTUAL", "Rupture conventionnelle")


def test_end_with_motive_099_cancels_an_earlier_end():
    lines = [*envoi_header(), *declaration(), *individual(), *contract(end="31122025", motive="099")]
    job = _people(envoi(lines))[0].contracts[0]
    assert job.end.is_cancellation
    assert job.end.exit_reason is None
    assert not job.ended


def test_skipped_blocks_between_individuals_do_not_leak_into_them():
    lines = [*envoi_header(), *declaration(), "S21.G00.20.001,'URSSAF'", *individual(name="A"), *contract(),
             "S21.G00.86.001,'01'", *individual(name="B", nir="2850513000456"), *contract(number="00002")]
    people = _people(envoi(lines))
    assert [(p.birth_name, [c.number for c in p.contracts]) for p in people] == [("A", ["00001"]), ("B", ["00002"])]


def test_nir_of_13_characters_is_completed_with_its_stdnum_key():
    person = _people(envoi(minimal_lines()))[0]
    assert person.nir_with_key == NIR + stdnum_nir.calc_check_digits(NIR)
    assert stdnum_nir.is_valid(person.nir_with_key)


def test_nir_sent_with_its_key_keeps_it():
    full = NIR + stdnum_nir.calc_check_digits(NIR)
    person = _people(envoi([*envoi_header(), *declaration(), *individual(nir=full), *contract()]))[0]
    assert (person.nir, person.nir_valid, person.nir_with_key) == (full, True, full)


@pytest.mark.parametrize("nir", ["17902750001A3", "179027500012", "179027500012300", "179022C000123"])
def test_invalid_nir_is_an_anomaly_not_a_refusal(nir):
    data = envoi([*envoi_header(), *declaration(), *individual(nir=nir), *contract()])
    dsn = parse_dsn(data)
    person = next(p for _, p in dsn.individuals())
    assert (person.nir_valid, person.nir_with_key) == (False, "")
    assert [(a.line, a.message) for a in dsn.anomalies] == [(
        line_number(data, "S21.G00.30.001"),
        "numéro de sécurité sociale (NIR) invalide, à corriger dans le logiciel de paie.")]
    assert nir not in str(dsn.anomalies[0])


def test_nir_is_kept_out_of_the_individual_repr():
    assert NIR not in repr(_people(envoi(minimal_lines()))[0])


def test_new_hire_with_a_temporary_number_has_no_anomaly():
    lines = [*envoi_header(), *declaration(), *individual(nir=""), "S21.G00.30.020,'NTT0000000042'", *contract()]
    dsn = parse_dsn(envoi(lines))
    person = next(p for _, p in dsn.individuals())
    assert (person.nir, person.temporary_number, person.nir_valid) == ("", "NTT0000000042", True)
    assert dsn.anomalies == []


@pytest.mark.parametrize("placeholder", ["", "1999999999999"])
def test_individual_without_any_number_is_an_anomaly(placeholder):
    data = envoi([*envoi_header(), *declaration(), *individual(nir=placeholder), *contract()])
    dsn = parse_dsn(data)
    assert next(p for _, p in dsn.individuals()).nir == ""
    assert [a.message for a in dsn.anomalies] == [
        "salarié sans numéro de sécurité sociale (NIR) ni numéro technique temporaire."]


@pytest.mark.parametrize("birth", ["00021979", "15001979", "99991979"])
def test_birth_date_marked_unknown_is_kept_empty_with_an_anomaly(birth):
    data = envoi([*envoi_header(), *declaration(), *individual(birth=birth), *contract()])
    dsn = parse_dsn(data)
    assert next(p for _, p in dsn.individuals()).birth_date is None
    assert [(a.line, a.message) for a in dsn.anomalies] == [
        (line_number(data, "S21.G00.30.006"), "date de naissance incomplète (jour ou mois inconnu).")]
