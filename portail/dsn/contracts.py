"""DSN contract and exit codes → the portal's contract kinds and exit reasons.

Codes and labels are those of the norm's code lists (cahier technique NEODeS, CT2026 data types, as
published in `dsn-datatypes-CT2026.xlsx` and mirrored by the `dsn-tools` package; see README.md):

- S21.G00.40.007 « Nature du contrat » (list DSN_NatureContrat);
- S21.G00.40.008 « Dispositif de politique publique et conventionnel » (DSN_Dispos_PubEmpFormPro): the
  apprenticeship and professionalisation contracts are *not* natures, they are signalled here
  (64, 65, 81 apprentissage; 61 professionnalisation) on top of a nature 01/02/03/08;
- S21.G00.40.021 « Motif de recours » (DSN_Motifs_Recours): a seasonal job is a CDD (nature 02) with
  motif 03 (or 04, contrat vendanges); there is no "CDD saisonnier" nature;
- S21.G00.62.002 « Motif de la rupture du contrat » (RAC_Rupture_Motif).

Kinds are the values of `portail.followup.visit_types.Contract`, shared with the employee form's
`ContractType` choices; exit reasons are `portail.workforce.models.ExitReason` values (kept as strings so
this package never imports Django; a test checks they exist).
"""

from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType

from portail.followup.visit_types import Contract as ContractKind


@dataclass(frozen=True, slots=True)
class Nature:
    code: str
    label: str
    kind: ContractKind
    # False for corporate and elected mandates: no employment contract, so no occupational health follow-up.
    employment: bool = True


_NATURES = (
    Nature("01", "Contrat de travail à durée indéterminée de droit privé", ContractKind.CDI),
    Nature("02", "Contrat de travail à durée déterminée de droit privé", ContractKind.CDD),
    Nature("03", "Contrat de mission (contrat de travail temporaire)", ContractKind.INTERIM),
    Nature("07", "Contrat à durée indéterminée intermittent", ContractKind.CDI),
    Nature("08", "Contrat à durée indéterminée intérimaire", ContractKind.INTERIM),
    Nature("09", "Contrat de travail à durée indéterminée de droit public", ContractKind.CDI),
    Nature("10", "Contrat de travail à durée déterminée de droit public", ContractKind.CDD),
    Nature("20", "Détachement d'un agent de la fonction publique donnant lieu à pension", ContractKind.OTHER),
    Nature("21", "Détachement d'un agent de la fonction publique ne donnant pas lieu à pension",
           ContractKind.OTHER),
    Nature("29", "Convention de stage (hors formation professionnelle)", ContractKind.INTERN),
    Nature("32", "Contrat d'appui au projet d'entreprise", ContractKind.OTHER),
    Nature("50", "Nomination dans la fonction publique", ContractKind.OTHER),
    Nature("51", "Contrat de mission d'un collaborateur occasionnel du service public", ContractKind.OTHER),
    Nature("52", "Cumul d'activité à titre accessoire (fonction publique)", ContractKind.OTHER),
    Nature("53", "Contrat d'emploi pénitentiaire", ContractKind.OTHER),
    Nature("54", "Contrat d'emploi pénitentiaire en apprentissage", ContractKind.APPRENTICE),
    Nature("60", "Contrat d'engagement éducatif", ContractKind.CDD),
    Nature("70", "Contrat de soutien et d'aide par le travail", ContractKind.OTHER),
    Nature("80", "Mandat social", ContractKind.OTHER, employment=False),
    Nature("81", "Mandat d'élu", ContractKind.OTHER, employment=False),
    Nature("82", "Contrat de travail à durée indéterminée de chantier ou d'opération", ContractKind.CDI),
    Nature("89", "Volontariat de service civique", ContractKind.OTHER),
    Nature("90", "Autre nature de contrat, convention, mandat", ContractKind.OTHER),
    Nature("91", "Contrat d'engagement maritime à durée indéterminée", ContractKind.CDI),
    Nature("92", "Contrat d'engagement maritime à durée déterminée", ContractKind.CDD),
    Nature("93", "Ligne de service", ContractKind.OTHER),
)
NATURES = MappingProxyType({n.code: n for n in _NATURES})

# S21.G00.40.008: these override the nature (an apprentice may be on a CDI 01 or a CDD 02).
APPRENTICESHIP_POLICIES = frozenset({"64", "65", "81"})
PROFESSIONALISATION_POLICIES = frozenset({"61"})
TRAINEESHIP_POLICIES = frozenset({"92"})  # « Stage de la formation professionnelle »
POLICY_LABELS = MappingProxyType({
    "21": "CUI - Contrat initiative emploi",
    "41": "Parcours emploi compétences / CUI - CAE",
    "42": "CUI - Contrat d'accès à l'emploi - DOM",
    "61": "Contrat de professionnalisation",
    "64": "Contrat d'apprentissage entreprises artisanales ou de moins de 11 salariés",
    "65": "Contrat d'apprentissage entreprises non inscrites au répertoire des métiers d'au moins 11 salariés",
    "66": "Convention industrielle de formation par la recherche en entreprise (CIFRE)",
    "70": "Contrat à durée déterminée pour les seniors",
    "71": "Contrat à durée déterminée d'insertion",
    "80": "Contrat de génération",
    "81": "Contrat d'apprentissage secteur public",
    "83": "Contrat de valorisation de l'expérience",
    "92": "Stage de la formation professionnelle",
    "93": "Période de mise en situation en milieu professionnel",
    "94": "Contrat adulte relais",
    "99": "Non concerné",
})

# S21.G00.40.021 on a fixed-term contract: 03 « Emplois à caractère saisonnier », 04 « Contrat vendanges ».
SEASONAL_RECOURSES = frozenset({"03", "04"})


def contract_kind(nature: str, *, policy: str = "", recourse: str = "") -> ContractKind:
    """The portal's kind for a DSN contract; OTHER for a nature the norm does not list."""
    if policy in APPRENTICESHIP_POLICIES:
        return ContractKind.APPRENTICE
    if policy in PROFESSIONALISATION_POLICIES:
        return ContractKind.PRO
    if policy in TRAINEESHIP_POLICIES:
        return ContractKind.INTERN
    known = NATURES.get(nature)
    kind = known.kind if known else ContractKind.OTHER
    if kind == ContractKind.CDD and recourse in SEASONAL_RECOURSES:
        return ContractKind.SEASONAL
    return kind


def is_employment(nature: str) -> bool:
    """False for a mandate (80, 81): such a person is not an employee the service follows."""
    known = NATURES.get(nature)
    return known.employment if known else True


def nature_label(code: str) -> str:
    known = NATURES.get(code)
    return known.label if known else f"Nature de contrat inconnue ({code})"


@dataclass(frozen=True, slots=True)
class ExitMotive:
    code: str
    label: str
    # An `ExitReason` value of portail.workforce; None for 099 « Annulation » (it cancels an end, not an exit).
    reason: str | None


def _motives(reason: str | None, *rows: tuple[str, str]) -> tuple[ExitMotive, ...]:
    return tuple(ExitMotive(code, label, reason) for code, label in rows)


_EXIT_MOTIVES = (
    *_motives(
        "END_CDD",
        ("031", "Fin de contrat à durée déterminée ou fin d'accueil occasionnel"),
        ("032", "Fin de mission d'intérim"),
        ("081", "Fin de contrat d'apprentissage"),
    ),
    *_motives(
        "DISMISSAL",
        ("011", "Licenciement suite à liquidation judiciaire ou à redressement judiciaire"),
        ("012", "Licenciement suite à fermeture définitive de l'établissement"),
        ("014", "Licenciement pour motif économique"),
        ("015", "Licenciement pour fin de chantier ou d'opération"),
        ("020", "Licenciement pour autre motif"),
        ("026", "Rupture pour motif économique suite à l'acceptation d'un contrat de sécurisation professionnelle"),
        ("033", "Rupture anticipée d'un CDD ou d'un contrat de mission pour inaptitude constatée par le médecin "
                "du travail"),
        ("036", "Rupture anticipée d'un CDD, d'un contrat de professionnalisation, d'apprentissage ou de mission "
                "à l'initiative de l'employeur"),
        ("065", "Décès de l'employeur ou internement conduisant à un licenciement"),
        ("086", "Licenciement convention CATS"),
        ("087", "Licenciement pour faute grave"),
        ("088", "Licenciement pour faute lourde"),
        ("089", "Licenciement pour force majeure"),
        ("091", "Licenciement pour inaptitude physique d'origine non professionnelle"),
        ("092", "Licenciement pour inaptitude physique d'origine professionnelle"),
        ("093", "Licenciement suite à décision d'une autorité administrative"),
        ("095", "Rupture anticipée du contrat de travail ou de mission pour faute grave"),
        ("096", "Rupture anticipée du contrat de travail ou de mission pour faute lourde"),
        ("097", "Rupture anticipée d'un contrat de travail ou de mission suite à fermeture de l'établissement"),
        ("112", "Rupture dans le cadre d'un accord de performance collective"),
        ("113", "Licenciement pour motif spécifique (article L. 2254-2 du code du travail)"),
        ("115", "Licenciement au titre des articles 18 et 19 de la loi n° 2017-1339 du 15 septembre 2017"),
        ("117", "Licenciement pour motif économique suite au refus d'un contrat de sécurisation professionnelle"),
    ),
    *_motives(
        "RESIGNATION",
        ("037", "Rupture anticipée d'un CDD, d'un contrat de professionnalisation, d'apprentissage ou de mission "
                "à l'initiative du salarié"),
        ("059", "Démission"),
    ),
    *_motives(
        "MUTUAL",
        ("043", "Rupture conventionnelle"),
        ("084", "Rupture d'un commun accord du CDD, du contrat de professionnalisation, d'apprentissage ou de "
                "mission"),
        ("110", "Rupture conventionnelle collective"),
        ("111", "Rupture amiable dans le cadre d'un congé de mobilité"),
        ("114", "Rupture d'un commun accord pour entrée en PAP"),
    ),
    *_motives(
        "TRIAL",
        ("034", "Fin de période d'essai à l'initiative de l'employeur"),
        ("035", "Fin de période d'essai à l'initiative du salarié"),
    ),
    *_motives(
        "RETIREMENT",
        ("038", "Mise à la retraite par l'employeur"),
        ("039", "Départ à la retraite à l'initiative du salarié"),
    ),
    *_motives("DEATH", ("066", "Décès du salarié")),
    *_motives(
        "TRANSFER",
        ("100", "Mutation au sein du même groupe ou extérieure au groupe sans rupture du contrat"),
        ("998", "Transfert du contrat de travail sans rupture vers un autre établissement hors DSN"),
    ),
    *_motives(
        "OTHER",
        ("025", "Autre fin de contrat pour motif économique"),
        ("058", "Prise d'acte de la rupture de contrat de travail"),
        ("070", "Révocation suite à abandon de poste (fonction publique)"),
        ("071", "Révocation suite à sanction pénale (fonction publique)"),
        ("082", "Résiliation judiciaire du contrat de travail"),
        ("083", "Rupture de contrat de travail ou de mission pour force majeure ou fait du prince"),
        ("085", "Fin de mandat"),
        ("094", "Rupture anticipée du contrat de travail pour arrêt de tournage"),
        ("098", "Retrait d'enfant"),
        ("116", "Fin de ligne de service"),
        ("118", "Fin de contrat d'appui au projet d'entreprise"),
        ("119", "Fin d'affectation"),
        ("999", "Fin de relation avec l'employeur (autre que contrat de travail, convention ou mandat)"),
    ),
    *_motives(None, ("099", "Annulation")),
)
EXIT_MOTIVES = MappingProxyType({m.code: m for m in _EXIT_MOTIVES})
CANCELLATION_MOTIVE = "099"


def exit_reason(motive: str) -> str | None:
    """The portal's exit reason for a DSN motive; OTHER for an unknown one, None for an annulation."""
    known = EXIT_MOTIVES.get(motive)
    return known.reason if known else "OTHER"


def exit_motive_label(code: str) -> str:
    known = EXIT_MOTIVES.get(code)
    return known.label if known else f"Motif de fin de contrat inconnu ({code})"
