from datetime import date

import pytest

from portail.followup.determinants import (
    BY_CODE,
    DETERMINANTS,
    Category,
    categorize,
    codes_on,
    coming_of_age,
    selection_clean,
    validate_selection,
)

d = date.fromisoformat

SEED_GRID = [
    ("NONE", "Aucun suivi particulier pour ce salarié", Category.SI),
    ("CACES", "Habilitation de conduite de certains équipements automoteurs et de levage (CACES)",
     Category.SIR),
    ("ELEC", "Habilitation électrique (travaux sur installations électriques)", Category.SIR),
    ("U18_REG", "Moins de 18 ans affectés aux travaux réglementés", Category.SIR),
    ("PREGNANT", "Femme enceinte, allaitante ou venant d'accoucher", Category.SIA),
    ("RI_A", "Rayonnements ionisants catégorie A", Category.SIR),
    ("RI_B", "Rayonnements ionisants catégorie B", Category.SIR),
    ("EMPLOYER", "Risques particuliers motivés par l'employeur", Category.SIR),
    ("U18", "Moins de 18 ans non affectés à travaux réglementés", Category.SIA),
    ("LOAD55", "Salarié exposé à manutention manuelle, port de charges > 55kg (R4541-9)", Category.SIR),
    ("CMR", "Salarié exposé au CMR", Category.SIR),
    ("LEAD", "Salarié exposé au plomb", Category.SIR),
    ("ASBESTOS", "Salarié exposé à l'amiante", Category.SIR),
    ("HYPERBAR", "Salarié exposé au risque hyperbare", Category.SIR),
    ("BIO2", "Salarié exposé aux agents biologiques groupe 2 (AB2)", Category.SIA),
    ("BIO34", "Salarié exposé aux agents biologiques pathogènes groupes 3 et 4 (ABP3 et 4)",
     Category.SIR),
    ("SCAFFOLD",
     "Salarié exposé au risque de chute de hauteur lors du montage / démontage d'échafaudage",
     Category.SIR),
    ("INVALID", "Titulaire d'une pension d'invalidité", Category.SIA),
    ("NIGHT", "Travailleur de nuit", Category.SIA),
    ("DISABLED", "Travailleur handicapé (TH)", Category.SIA),
    ("EMF", "Salarié exposé aux champs électromagnétiques si VLE dépassée", Category.SIA),
]


def test_seed_order_and_count():
    assert [d.code for d in DETERMINANTS] == [code for code, _, _ in SEED_GRID]
    assert set(BY_CODE) == {code for code, _, _ in SEED_GRID}


@pytest.mark.parametrize(("code", "label", "category"), SEED_GRID, ids=[row[0] for row in SEED_GRID])
def test_each_determinant_alone(code, label, category):
    determinant = BY_CODE[code]
    assert determinant.label == label
    decision = categorize(codes=[code])
    assert decision.category is category
    assert decision.summary.startswith(f"{category} : {determinant.reason} – art. ")
    assert determinant.legal_basis.startswith("art. ")


@pytest.mark.parametrize(
    "code",
    [c for c, _, cat in SEED_GRID if cat is Category.SIR] + ["U18", "BIO2", "NIGHT", "EMF"],
)
def test_visit_before_assignment(code):
    assert BY_CODE[code].before_assignment


@pytest.mark.parametrize("code", ["NONE", "PREGNANT", "INVALID", "DISABLED"])
def test_no_visit_before_assignment(code):
    assert not BY_CODE[code].before_assignment


def test_only_worker_declared_determinants_are_sensitive():
    assert {d.code for d in DETERMINANTS if d.sensitive} == {"PREGNANT", "INVALID", "DISABLED"}


def test_only_employer_risks_need_a_justification():
    assert [d.code for d in DETERMINANTS if d.requires_justification] == ["EMPLOYER"]


@pytest.mark.parametrize(
    ("codes", "category", "summary"),
    [
        ([], Category.SI, "SI : aucun suivi particulier – art. R4624-10"),
        (["NONE"], Category.SI, "SI : aucun suivi particulier – art. R4624-10"),
        (["NIGHT", "CMR"], Category.SIR,
         "SIR : exposition à des agents cancérogènes, mutagènes ou toxiques pour la reproduction "
         "– art. R4624-23 I 3°"),
        (["ASBESTOS"], Category.SIR, "SIR : exposition à l'amiante – art. R4624-23 I 1°"),
        (["NIGHT", "DISABLED"], Category.SIA, "SIA : travail de nuit – art. R4624-17 et R4624-18"),
        (["PREGNANT", "BIO2"], Category.SIA,
         "SIA : femme enceinte, allaitante ou venant d'accoucher – art. R4624-19"),
        (["NONE", "EMF"], Category.SIA,
         "SIA : exposition aux champs électromagnétiques au-delà des VLE – art. R4453-25"),
        (["U18", "U18_REG"], Category.SIR,
         "SIR : mineur affecté à des travaux réglementés – art. R4624-23 II et R4153-40"),
        (["EMPLOYER", "RI_A"], Category.SIR,
         "SIR : exposition aux rayonnements ionisants (catégorie A) – art. R4624-23 I 5° et R4451-82"),
    ],
    ids=[
        "R4624-10-empty-is-SI",
        "R4624-10-none-is-SI",
        "R4624-23-I-night-plus-cmr-is-SIR",
        "R4624-23-I-1-asbestos",
        "R4624-17-night-plus-disabled-is-SIA",
        "R4624-19-pregnant-plus-bio2-is-SIA",
        "R4453-25-none-ignored-next-to-emf",
        "R4624-23-II-u18-reg-beats-u18",
        "R4624-23-III-employer-plus-ri-a",
    ],
)
def test_strictest_category_wins(codes, category, summary):
    decision = categorize(codes=codes)
    assert decision.category is category
    assert decision.summary == summary


def test_reasons_list_every_determinant_strictest_first():
    decision = categorize(codes=["NIGHT", "ASBESTOS", "DISABLED"])
    assert decision.reasons == (
        "SIR : exposition à l'amiante – art. R4624-23 I 1°",
        "SIA : travail de nuit – art. R4624-17 et R4624-18",
        "SIA : travailleur handicapé – art. R4624-17 et R4624-20",
    )


def test_unknown_code_raises():
    with pytest.raises(ValueError, match="FOO"):
        categorize(codes=["NIGHT", "FOO"])


def test_category_labels_and_ordering():
    assert Category.SIR.label == "Suivi Individuel Renforcé - SIR"
    assert Category.SIA.label == "Suivi Individuel Adapté - SIA"
    assert Category.SI.label == "Suivi Individuel - SI"
    assert Category.strictest([Category.SIA, Category.SIR, Category.SI]) is Category.SIR
    assert Category.strictest([]) is Category.SI
    assert Category.SI.rank < Category.SIA.rank < Category.SIR.rank


@pytest.mark.parametrize(
    ("codes", "justification", "errors"),
    [
        (["NONE"], "", []),
        ([], "", []),
        (["NONE", "NIGHT"], "", []),
        (["EMPLOYER"], "", ["Justifiez par écrit les risques particuliers motivés par l'employeur "
                            "(art. R4624-23 III)."]),
        (["EMPLOYER"], "   ", ["Justifiez par écrit les risques particuliers motivés par l'employeur "
                               "(art. R4624-23 III)."]),
        (["EMPLOYER"], "Travail isolé en chambre froide", []),
        (["NONE", "EMPLOYER"], "", [
            "Justifiez par écrit les risques particuliers motivés par l'employeur (art. R4624-23 III).",
        ]),
    ],
    ids=[
        "R4624-10-none-alone-ok",
        "R4624-10-nothing-ok",
        "R4624-10-none-beside-a-risk-is-no-error",
        "R4624-23-III-justification-missing",
        "R4624-23-III-justification-blank",
        "R4624-23-III-justification-given",
        "R4624-23-III-none-left-ticked-only-the-justification-error",
    ],
)
def test_validate_selection(codes, justification, errors):
    assert validate_selection(codes=codes, justification=justification) == errors


def test_validate_selection_rejects_unknown_codes():
    with pytest.raises(ValueError):
        validate_selection(codes=["BOGUS"], justification="")


@pytest.mark.parametrize(
    ("codes", "cleaned"),
    [
        pytest.param(["NONE"], ["NONE"], id="R4624-10-none-alone-kept"),
        pytest.param([], [], id="R4624-10-nothing-stays-nothing"),
        pytest.param(["NONE", "CMR"], ["CMR"], id="R4624-23-none-left-ticked-beside-a-risk-dropped"),
        pytest.param(["NIGHT", "NONE", "BIO2"], ["NIGHT", "BIO2"], id="R4624-18-risks-kept-in-their-order"),
    ],
)
def test_selection_clean_keeps_the_risks_when_none_is_left_ticked(codes, cleaned):
    assert selection_clean(codes) == cleaned


MINOR = d("2008-05-10")  # 18 on 10/05/2026
MINOR_SUMMARY = "SIA : travailleur de moins de 18 ans – art. R4624-17 et R4624-18"


@pytest.mark.parametrize(
    ("codes", "birth", "on", "category", "summary"),
    [
        pytest.param([], MINOR, d("2025-09-01"), Category.SIA, MINOR_SUMMARY,
                     id="R4624-18-minor-no-box-is-SIA"),
        pytest.param(["NONE"], MINOR, d("2025-09-01"), Category.SIA, MINOR_SUMMARY,
                     id="R4624-18-minor-none-box-is-SIA"),
        pytest.param(["U18"], MINOR, d("2025-09-01"), Category.SIA, MINOR_SUMMARY,
                     id="R4624-18-minor-u18-box-same-as-no-box"),
        pytest.param(["CMR"], MINOR, d("2025-09-01"), Category.SIR,
                     "SIR : exposition à des agents cancérogènes, mutagènes ou toxiques pour la reproduction "
                     "– art. R4624-23 I 3°", id="R4624-23-minor-on-sir-post-is-SIR"),
        pytest.param([], MINOR, d("2026-05-09"), Category.SIA, MINOR_SUMMARY,
                     id="R4624-17-day-before-18th-birthday-still-SIA"),
        pytest.param([], MINOR, d("2026-05-10"), Category.SI, "SI : aucun suivi particulier – art. R4624-10",
                     id="R4624-17-18th-birthday-back-to-SI"),
        pytest.param(["U18"], MINOR, d("2026-05-10"), Category.SI, "SI : aucun suivi particulier – art. R4624-10",
                     id="R4624-17-u18-box-no-longer-holds-at-18"),
        pytest.param(["U18_REG"], MINOR, d("2026-05-10"), Category.SI,
                     "SI : aucun suivi particulier – art. R4624-10", id="R4153-40-u18-reg-ends-at-18"),
        pytest.param(["U18", "NIGHT"], MINOR, d("2026-05-10"), Category.SIA,
                     "SIA : travail de nuit – art. R4624-17 et R4624-18", id="R4624-17-adult-night-worker-stays-SIA"),
        pytest.param([], d("2008-02-29"), d("2026-02-28"), Category.SIA, MINOR_SUMMARY,
                     id="R4624-17-leap-day-birth-minor-on-28-february"),
        pytest.param([], d("2008-02-29"), d("2026-03-01"), Category.SI,
                     "SI : aucun suivi particulier – art. R4624-10", id="R4624-17-leap-day-birth-of-age-on-1-march"),
    ],
)
def test_category_reads_the_age_whatever_is_ticked(codes, birth, on, category, summary):
    decision = categorize(codes=codes, birth_date=birth, on=on)
    assert (decision.category, decision.summary) == (category, summary)


def test_without_a_birth_date_the_boxes_alone_decide():
    assert categorize(codes=["U18"]).category is Category.SIA
    assert categorize(codes=[]).category is Category.SI


@pytest.mark.parametrize(
    ("birth", "eighteen"),
    [
        pytest.param(d("2008-05-10"), d("2026-05-10"), id="ordinary-day"),
        pytest.param(d("2008-02-29"), d("2026-03-01"), id="leap-day-common-year-1-march"),
        pytest.param(d("2012-02-29"), d("2030-03-01"), id="leap-day-2012"),
        pytest.param(d("2010-02-28"), d("2028-02-28"), id="28-february-leap-year"),
    ],
)
def test_coming_of_age(birth, eighteen):
    assert coming_of_age(birth) == eighteen


def test_codes_on_keeps_the_same_set_when_nothing_changes():
    codes = frozenset({"CMR"})
    assert codes_on(codes, birth_date=d("1990-01-01"), on=d("2026-01-01")) is codes
