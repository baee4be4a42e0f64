"""The synthetic DSN generator: fictitious but valid identifiers, deterministic, realistic months."""

import io
from collections import Counter

from stdnum.fr import nir as stdnum_nir
from stdnum.fr import siret as stdnum_siret

from portail.dsn.testing import dsn_bytes, next_month, synthetic_dsn, write_dsn


def test_generated_nirs_are_stdnum_valid_fictitious_and_match_sex_and_birth():
    people = [p for _, p in synthetic_dsn(employees=300, seed=11).dsn.individuals()]
    for person in (p for p in people if p.nir):
        assert stdnum_nir.is_valid(person.nir_with_key)
        assert person.nir[0] == {"H": "1", "F": "2"}[person.sex]
        assert person.nir[1:5] == f"{person.birth_date:%y%m}"
        # Commune 000 (00 after an overseas department 97x) is never assigned: no real person's NIR.
        assert person.nir[7:10] == "000" or person.nir[5:10] == "97100"


def test_generated_sirets_are_valid_and_distinct():
    dsn = synthetic_dsn(employees=10, establishments=4, seed=2).dsn
    sirets = [e.siret for e in dsn.establishments]
    assert all(stdnum_siret.is_valid(s) for s in sirets)
    assert len(set(sirets)) == 4


def test_same_seed_same_file_other_seed_other_people():
    assert dsn_bytes(synthetic_dsn(employees=30, seed=4)) == dsn_bytes(synthetic_dsn(employees=30, seed=4))
    assert dsn_bytes(synthetic_dsn(employees=30, seed=4)) != dsn_bytes(synthetic_dsn(employees=30, seed=5))


def test_a_month_has_the_contract_variety_of_a_real_employer():
    kinds = Counter(c.kind.value for _, p in synthetic_dsn(employees=2000, seed=1).dsn.individuals()
                    for c in p.contracts)
    assert kinds["CDI"] > 1000
    assert {"CDD", "SEASONAL", "APPRENTICE", "PRO", "INTERN", "INTERIM", "OTHER"} <= set(kinds)


def test_hires_start_and_exits_end_inside_the_month():
    generated = synthetic_dsn(employees=50, hires=5, exits=4, seed=8)
    month = generated.dsn.month
    assert len(generated.hired) == 5 and len(generated.left) == 4
    assert all(p.contracts[0].start_date.replace(day=1) == month for p in generated.hired)
    assert all(p.contracts[-1].end.end_date.replace(day=1) == month for p in generated.left)


def test_next_month_drops_leavers_adds_hires_and_declares_job_changes():
    first = synthetic_dsn(employees=40, exits=3, seed=9)
    second = next_month(first, seed=10, hires=2, exits=1, job_changes=2)
    staff = {p.staff_number for _, p in second.dsn.individuals()}
    assert len(staff) == 40 - 3 + 2
    assert not {p.staff_number for p in first.left} & staff
    text = dsn_bytes(second).decode("latin-1")
    assert text.count("S21.G00.41.001,'01022026'") == 2
    assert text.count("S21.G00.62.001,") == 1


def test_write_dsn_streams_the_same_bytes_as_dsn_bytes():
    generated = synthetic_dsn(employees=25, establishments=2, seed=6)
    stream = io.BytesIO()
    lines = write_dsn(generated, stream)
    assert stream.getvalue() == dsn_bytes(generated)
    assert lines == stream.getvalue().count(b"\r\n")
