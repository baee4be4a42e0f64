"""Unusable files: one `DsnError` each, a French message and the line to look at."""

import pytest

from portail.dsn import DsnError, parse_dsn

from .samples import (
    contract,
    declaration,
    envoi,
    envoi_header,
    individual,
    line_number,
    minimal_lines,
    trailer,
)


def _refusal(data: bytes) -> DsnError:
    with pytest.raises(DsnError) as error:
        parse_dsn(data)
    return error.value


def _crlf(lines: list[str]) -> bytes:
    return "".join(f"{line}\r\n" for line in lines).encode("ascii")


def test_empty_file():
    error = _refusal(b"")
    assert (error.line, error.message) == (1, "fichier vide.")


def test_file_not_starting_with_the_envoi_header():
    error = _refusal(envoi(minimal_lines()[3:]))
    assert (error.line, error.message) == (
        1, "le fichier doit commencer par l'en-tête d'envoi (rubriques S10.G00.00).")


def test_truncated_file_without_trailer_names_its_last_line():
    lines = minimal_lines()
    error = _refusal(_crlf(lines))
    assert error.line == len(lines)
    assert error.message.startswith("fichier incomplet : il s'arrête avant la fin d'envoi (S90.G00.90)")


def test_file_cut_in_the_middle_of_a_line_is_truncated_or_malformed():
    data = envoi(minimal_lines())
    error = _refusal(data[: data.index(b"S21.G00.40.004") + 9])
    assert error.line == line_number(data, "S21.G00.40.004")


def test_missing_lines_are_caught_by_the_trailer_count():
    data = envoi(minimal_lines()).replace(b"S21.G00.30.005,'01'\r\n", b"")
    error = _refusal(data)
    assert error.line == line_number(data, "S90.G00.90.001")
    count = len(minimal_lines()) + 2
    assert error.message == (f"le fichier annonce {count} rubriques et en contient {count - 1} : il est incomplet "
                             f"ou a été modifié (rubrique S90.G00.90.001).")


def test_trailer_count_may_be_zero_padded():
    lines = minimal_lines()
    data = _crlf([*lines, f"S90.G00.90.001,'{len(lines) + 2:012d}'", "S90.G00.90.002,'00001'"])
    assert parse_dsn(data).month.year == 2026


def test_declaration_count_must_match_the_trailer():
    lines = minimal_lines()
    error = _refusal(_crlf([*lines, *trailer(len(lines) + 2, declarations=2)]))
    assert error.line == len(lines) + 2
    assert error.message == "le fichier annonce 2 déclarations et en contient 1 (rubrique S90.G00.90.002)."


def test_content_after_the_trailer():
    lines = minimal_lines()
    data = _crlf([*lines, *trailer(len(lines) + 2), "S21.G00.30.001,'X'"])
    error = _refusal(data)
    assert error.line == len(lines) + 3
    assert error.message == "contenu après la fin d'envoi (S90.G00.90) : le fichier doit s'arrêter là."


def test_two_months_in_one_file_are_refused_at_the_second():
    lines = [*minimal_lines(), *declaration(month="01022026", nic="00032"), *individual(), *contract()]
    data = envoi(lines)
    error = _refusal(data)
    assert error.line == line_number(data, "S20.G00.05.005", occurrence=2)
    assert error.message == "deux mois dans le même fichier (01/2026 puis 02/2026) : déposez un fichier par mois."


def test_same_month_in_several_declarations_is_one_file():
    lines = [*minimal_lines(), *declaration(nic="00032"), *individual(), *contract()]
    assert [e.siret for e in parse_dsn(envoi(lines)).establishments] == ["77618638900024", "77618638900032"]


@pytest.mark.parametrize("month", ["15012026", "01132026", "012026", "janvier"])
def test_invalid_declared_month(month):
    data = envoi([*envoi_header(), *declaration(month=month), *individual(), *contract()])
    error = _refusal(data)
    assert error.line == line_number(data, "S20.G00.05.005")
    assert error.message == (f"mois principal déclaré invalide « {month} » (attendu 01MMAAAA, "
                             f"rubrique S20.G00.05.005).")


def test_impossible_birth_date():
    data = envoi([*envoi_header(), *declaration(), *individual(birth="32011990"), *contract()])
    error = _refusal(data)
    assert error.line == line_number(data, "S21.G00.30.006")
    assert "« 32011990 »" in error.message


def test_nic_not_matching_the_siren():
    data = envoi([*envoi_header(), *declaration(nic="00025"), *individual(), *contract()])
    error = _refusal(data)
    assert error.line == line_number(data, "S21.G00.11.001")
    assert error.message.startswith("SIRET invalide « 77618638900025 »")


def test_nic_of_the_wrong_length():
    data = envoi([*envoi_header(), *declaration(nic="24"), *individual(), *contract()])
    assert _refusal(data).message == "NIC invalide « 24 » : il compte 5 chiffres (rubrique S21.G00.11.001)."


def test_no_establishment_at_all():
    lines = [*envoi_header(), "S20.G00.05.001,'01'", "S20.G00.05.005,'01012026'"]
    error = _refusal(envoi(lines))
    assert error.line == len(lines) + 1
    assert error.message.startswith("aucune déclaration d'établissement")


def test_company_without_declaration():
    lines = [*envoi_header(), *[line for line in declaration() if not line.startswith("S20")], *individual(),
             *contract()]
    error = _refusal(envoi(lines))
    assert error.line == 4
    assert error.message == "entreprise hors déclaration : le bloc S20.G00.05 manque avant."


@pytest.mark.parametrize(("dropped", "message"), [
    ("S21.G00.30.002", "nom de famille absent (rubrique S21.G00.30.002)."),
    ("S21.G00.30.004", "prénoms absent (rubrique S21.G00.30.004)."),
    ("S21.G00.30.006", "date de naissance absent (rubrique S21.G00.30.006)."),
])
def test_missing_identity_rubric(dropped, message):
    lines = [line for line in minimal_lines() if not line.startswith(dropped)]
    data = envoi(lines)
    error = _refusal(data)
    assert error.line == line_number(data, "S21.G00.30.001")
    assert error.message == message


@pytest.mark.parametrize(("dropped", "message"), [
    ("S21.G00.40.001", "date de début du contrat absent (rubrique S21.G00.40.001)."),
    ("S21.G00.40.007", "nature du contrat absent (rubrique S21.G00.40.007)."),
])
def test_missing_contract_rubric(dropped, message):
    data = envoi([line for line in minimal_lines() if not line.startswith(dropped)])
    error = _refusal(data)
    assert error.line == line_number(data, "S21.G00.40.")
    assert error.message == message


def test_second_envoi_header():
    data = envoi([*minimal_lines(), *envoi_header()])
    error = _refusal(data)
    assert error.line == line_number(data, "S10.G00.00.001", occurrence=2)
    assert error.message.startswith("second en-tête d'envoi (S10.G00.00)")


# Files refused at the line of a rubric, each with its exact message: {id: (file, rubric, message)}.
REFUSED_AT = {
    "missing_declared_month": (
        envoi([line for line in minimal_lines() if not line.startswith("S20.G00.05.005")]),
        "S20.G00.05.001", "mois principal déclaré absent (rubrique S20.G00.05.005)."),
    "impossible_contract_start_date": (
        envoi([*envoi_header(), *declaration(), *individual(), *contract(start="31022015")]),
        "S21.G00.40.001", "date invalide « 31022015 » (attendu JJMMAAAA, rubrique S21.G00.40.001)."),
    "impossible_contract_end_date": (
        envoi([*envoi_header(), *declaration(), *individual(), *contract(end="2026-01-31")]),
        "S21.G00.62.001", "date invalide « 2026-01-31 » (attendu JJMMAAAA, rubrique S21.G00.62.001)."),
    "missing_siren": (
        envoi(minimal_lines()).replace(b"S21.G00.06.001", b"S21.G00.06.003"),
        "S21.G00.06.003", "SIREN de l'entreprise absent (rubrique S21.G00.06.001)."),
    "siren_failing_its_check_digit": (
        envoi([*envoi_header(), *declaration(siren="776186388"), *individual(), *contract()]),
        "S21.G00.06.001", "SIREN invalide « 776186388 » (rubrique S21.G00.06.001)."),
    "missing_nic": (
        envoi(minimal_lines()).replace(b"S21.G00.11.001", b"S21.G00.11.002"),
        "S21.G00.11.002", "NIC de l'établissement absent (rubrique S21.G00.11.001)."),
    "establishment_without_company": (
        envoi([*envoi_header(), *[line for line in declaration() if not line.startswith("S21.G00.06")], *individual(),
               *contract()]),
        "S21.G00.11.001", "établissement sans entreprise : le bloc S21.G00.06 (SIREN) manque avant."),
    "individual_outside_an_establishment": (
        envoi([*envoi_header(), *[line for line in declaration() if not line.startswith("S21.G00.11")], *individual(),
               *contract()]),
        "S21.G00.30.001", "individu hors établissement : le bloc S21.G00.11 manque avant."),
    "contract_without_individual": (
        envoi([*envoi_header(), *declaration(), *contract()]),
        "S21.G00.40.001", "contrat sans individu : le bloc S21.G00.30 manque avant."),
    "contract_end_without_contract": (
        envoi([*envoi_header(), *declaration(), *individual(), "S21.G00.62.001,'31012026'", "S21.G00.62.002,'059'"]),
        "S21.G00.62.001", "fin de contrat sans contrat : le bloc S21.G00.40 manque avant."),
    "contract_end_without_motive": (
        envoi([*envoi_header(), *declaration(), *individual(), *contract(end="31012026")][:-1]),
        "S21.G00.62.001", "motif de la rupture du contrat absent (rubrique S21.G00.62.002)."),
    "unknown_sex_code": (
        envoi([*envoi_header(), *declaration(), *individual(sex="03"), *contract()]),
        "S21.G00.30.005", "code sexe inconnu « 03 » (attendu 01 ou 02, rubrique S21.G00.30.005)."),
}


@pytest.mark.parametrize(("data", "rubric", "message"), list(REFUSED_AT.values()), ids=list(REFUSED_AT))
def test_refused_at_the_rubric_with_its_message(data, rubric, message):
    error = _refusal(data)
    assert error.line == line_number(data, rubric)
    assert error.message == message
