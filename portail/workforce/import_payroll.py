"""What payroll software exports call our columns and values (Silae, Sage, PayFit, Cegid… employee lists).

Column titles are matched folded (no case, no accents, trailing " :" or "*" dropped). Contract values reuse
the DSN tables of `portail.dsn.contracts` (nature codes "01", their labels), so a nature is mapped in one
place whether it comes from a DSN or a spreadsheet; exit motives likewise (codes "059", labels "Démission").
"""

from __future__ import annotations

from portail.dsn import contracts as dsn_contracts
from portail.reference.text import fold

PAYROLL_HEADERS = {
    "birth_name": ("nom de famille", "nom patronymique", "nom naissance", "nom (naissance)", "nom du salarie"),
    "usage_name": ("nom usuel", "nom d'epouse", "nom marital / d'usage"),
    "first_name": ("prenoms", "prenom usuel", "prenom du salarie"),
    "birth_date": ("ne(e) le", "date naissance", "date de naissance du salarie"),
    "sex": ("civilite", "genre", "sexe (h/f)"),
    "nir": ("n° de securite sociale", "no de securite sociale", "n° securite sociale", "numero securite sociale",
            "n° ss", "n ss", "no ss", "numero ss", "nir (cle incluse)", "n° insee", "numero insee",
            "n° de secu", "numero de secu", "securite sociale"),
    "hire_date": ("date d'entree", "date entree", "date d'entree dans l'entreprise", "date de debut de contrat",
                  "date debut contrat", "date de debut du contrat", "entree le", "date d'arrivee"),
    "job_title": ("emploi", "libelle emploi", "libelle de l'emploi", "intitule du poste", "intitule de poste",
                  "fonction", "emploi occupe", "poste occupe", "libelle du poste"),
    "contract": ("nature du contrat", "type de contrat", "nature contrat", "type contrat", "contrat de travail"),
    "pcs_code": ("code pcs-ese", "pcs-ese", "pcs ese", "code pcs ese", "pcs", "code csp", "csp"),
    "contract_end": ("date de fin previsionnelle", "date de fin previsionnelle du contrat", "fin de contrat prevue",
                     "date fin contrat"),
    "exit_date": ("date de fin de contrat effective", "sorti le", "date de depart", "date sortie"),
    "exit_reason": ("motif de fin de contrat", "motif de rupture", "motif de depart", "motif sortie"),
}
PAYROLL_ALIASES = {fold(title): target for target, titles in PAYROLL_HEADERS.items() for title in titles}

# Values seen in payroll exports beyond our own labels; DSN codes and labels come from portail.dsn.contracts.
CONTRACT_WORDS = {
    "apprenti": "APPRENTICE", "apprentissage": "APPRENTICE", "contrat d'apprentissage": "APPRENTICE",
    "professionnalisation": "PRO", "contrat pro": "PRO", "contrat de professionnalisation": "PRO",
    "stage": "INTERN", "stagiaire": "INTERN", "convention de stage": "INTERN",
    "saisonnier": "SEASONAL", "cdd saisonnier": "SEASONAL", "contrat saisonnier": "SEASONAL",
    "interim": "INTERIM", "interimaire": "INTERIM", "travail temporaire": "INTERIM", "contrat de mission": "INTERIM",
    "cdi": "CDI", "cdd": "CDD", "cdi de chantier": "CDI", "cdi intermittent": "CDI", "cdd d'usage": "CDD",
    "cdd de remplacement": "CDD", "cdd senior": "CDD",
}
SEX_WORDS = {"m.": "H", "m": "H", "mr": "H", "monsieur": "H", "masculin": "H", "homme": "H", "01": "H",
             "mme": "F", "mme.": "F", "mlle": "F", "madame": "F", "mademoiselle": "F", "feminin": "F",
             "femme": "F", "02": "F"}


def _contracts() -> dict[str, str]:
    table = {}
    for nature in dsn_contracts.NATURES.values():
        table[fold(nature.code)] = str(nature.kind)
        table[fold(nature.label)] = str(nature.kind)
    return table | {fold(word): kind for word, kind in CONTRACT_WORDS.items()}


def _exit_reasons() -> dict[str, str]:
    table = {}
    for motive in dsn_contracts.EXIT_MOTIVES.values():
        if motive.reason:
            table[fold(motive.code)] = motive.reason
            table[fold(motive.label)] = motive.reason
    return table


PAYROLL_CONTRACTS = _contracts()
PAYROLL_SEXES = {fold(word): sex for word, sex in SEX_WORDS.items()}
PAYROLL_EXIT_REASONS = _exit_reasons()
