"""The DSN code tables: contract natures and public-policy schemes → portal kinds, exit motives → reasons."""

import pytest

from portail.dsn.contracts import (
    EXIT_MOTIVES,
    NATURES,
    contract_kind,
    exit_motive_label,
    exit_reason,
    is_employment,
    nature_label,
)
from portail.workforce.models import ContractType, ExitReason

# (S21.G00.40.007 nature, .008 dispositif, .021 motif de recours) → portal kind, one row per rule of the table.
KIND_TABLE = [
    ("01", "99", "", "CDI"),
    ("07", "", "", "CDI"),  # CDI intermittent
    ("09", "", "", "CDI"),  # CDI de droit public
    ("82", "", "", "CDI"),  # CDI de chantier ou d'opération
    ("02", "99", "01", "CDD"),  # remplacement
    ("02", "99", "02", "CDD"),  # accroissement temporaire d'activité
    ("02", "99", "05", "CDD"),  # CDD d'usage: a motif of a CDD, not a nature
    ("02", "99", "06", "CDD"),  # CDD à objet défini: idem
    ("02", "70", "", "CDD"),  # CDD senior: a dispositif, not a nature
    ("10", "", "", "CDD"),  # CDD de droit public
    ("02", "99", "03", "SEASONAL"),  # emplois à caractère saisonnier
    ("02", "99", "04", "SEASONAL"),  # contrat vendanges
    ("01", "99", "03", "CDI"),  # a seasonal motive on a CDI does not make it seasonal
    ("03", "99", "02", "INTERIM"),  # contrat de mission
    ("08", "99", "", "INTERIM"),  # CDI intérimaire
    ("02", "64", "", "APPRENTICE"),  # apprentissage, entreprise artisanale ou < 11 salariés
    ("01", "65", "", "APPRENTICE"),  # apprentissage, ≥ 11 salariés, on a CDI
    ("10", "81", "", "APPRENTICE"),  # apprentissage, secteur public
    ("54", "", "", "APPRENTICE"),  # contrat d'emploi pénitentiaire en apprentissage
    ("02", "61", "", "PRO"),  # contrat de professionnalisation
    ("01", "61", "", "PRO"),
    ("29", "99", "", "INTERN"),  # convention de stage
    ("90", "92", "", "INTERN"),  # stage de la formation professionnelle
    ("80", "99", "", "OTHER"),  # mandat social
    ("89", "", "", "OTHER"),  # service civique
    ("32", "", "", "OTHER"),  # contrat d'appui au projet d'entreprise
    ("77", "", "", "OTHER"),  # not in the norm
]


@pytest.mark.parametrize(("nature", "policy", "recourse", "kind"), KIND_TABLE)
def test_contract_kind_table(nature, policy, recourse, kind):
    assert contract_kind(nature, policy=policy, recourse=recourse) == kind


def test_every_kind_the_table_gives_is_a_choice_of_the_employee_form():
    assert {n.kind.value for n in NATURES.values()} <= set(ContractType.values)
    assert {row[3] for row in KIND_TABLE} <= set(ContractType.values)


def test_every_exit_reason_the_table_gives_is_a_choice_of_the_employee_exit():
    reasons = {m.reason for m in EXIT_MOTIVES.values()}
    assert reasons - {None} <= set(ExitReason.values)
    assert reasons - {None} == set(ExitReason.values)


def test_natures_of_the_norm_are_all_in_the_table():
    # DSN_NatureContrat, CT2026.
    assert sorted(NATURES) == ["01", "02", "03", "07", "08", "09", "10", "20", "21", "29", "32", "50", "51", "52",
                               "53", "54", "60", "70", "80", "81", "82", "89", "90", "91", "92", "93"]


def test_mandates_are_not_employment():
    assert not is_employment("80")
    assert not is_employment("81")
    assert is_employment("01")
    assert is_employment("77")


@pytest.mark.parametrize(("motive", "reason"), [
    ("031", "END_CDD"), ("032", "END_CDD"), ("081", "END_CDD"),
    ("059", "RESIGNATION"), ("037", "RESIGNATION"),
    ("014", "DISMISSAL"), ("020", "DISMISSAL"), ("087", "DISMISSAL"), ("091", "DISMISSAL"),
    ("043", "MUTUAL"), ("084", "MUTUAL"),
    ("034", "TRIAL"), ("035", "TRIAL"),
    ("038", "RETIREMENT"), ("039", "RETIREMENT"),
    ("066", "DEATH"),
    ("100", "TRANSFER"), ("998", "TRANSFER"),
    ("058", "OTHER"), ("999", "OTHER"), ("123", "OTHER"),
    ("099", None),
])
def test_exit_motive_table(motive, reason):
    assert exit_reason(motive) == reason


def test_labels_name_unknown_codes_instead_of_failing():
    assert nature_label("01") == "Contrat de travail à durée indéterminée de droit privé"
    assert nature_label("77") == "Nature de contrat inconnue (77)"
    assert exit_motive_label("059") == "Démission"
    assert exit_motive_label("123") == "Motif de fin de contrat inconnu (123)"
