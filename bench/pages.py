"""What the benchmark measures. Add a page here when a tab lands: (name, path, persona).

A path in braces is resolved on the bench data by bench/run.py (`resolve_paths`).

Personas: None (anonymous), "member" (user 100001 acting for member 100001), "mandataire"
(cabinet.demo acting for member 100001), "giant" (only with --tier: the biggest generated member),
"big_mandataire" (only with --tier: the generated mandataire with the most members). Paths must answer 200 for that persona.
"""

FLOOR = ("plancher (vue nue)", "/bench/floor/", None)

PAGES = [
    ("santé /sante/", "/sante/", None),
    ("connexion (GET)", "/connexion/", None),
    ("accueil", "/", "member"),
    ("vos informations", "/informations/", "member"),
    ("vos contacts", "/contacts/", "member"),
    ("choix de l'adhérent (mandataire)", "/choisir-adherent/", "mandataire"),
    ("liste des salariés", "/salaries/", "member"),
    ("recherche de salariés", "/salaries/?q=mar", "member"),
    ("factures et échéancier", "/factures/", "member"),
    ("déclarations", "/declarations/", "member"),
    ("formulaire de déclaration", "{declaration_fill}", "member"),
    ("rendez-vous", "/rendez-vous/", "member"),
    ("synthèses d'activité", "/syntheses/", "member"),
    # With --tier: the biggest generated member (20,000 employees on M and L).
    ("accueil (20 000 salariés)", "/", "giant"),
    ("liste des salariés (20 000)", "/salaries/", "giant"),
    ("recherche de salariés (20 000)", "/salaries/?q=mar", "giant"),
    ("choix de l'adhérent (mandataire de 500 adhérents)", "/choisir-adherent/", "big_mandataire"),
]

TIER_PERSONAS = ("giant", "big_mandataire")  # need bench.generate: left out of a run without --tier

PERSONAS = {
    # persona: (username, current member number)
    "member": ("100001", "100001"),
    "mandataire": ("cabinet.demo", "100001"),
}

# Demo passwords (portail/members/demo.py): fictional accounts of the dedicated bench database.
LOGIN = {"username": "100001", "password": "Demo-Adherent-2026"}
LOCKED_USERNAME = "bench.verrou"
