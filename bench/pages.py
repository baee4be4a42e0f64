"""What the page bench measures: every member page, its share of a member's session, and how its path is built
from a member of the pool (bench/pool.py). Standard library only: locust's virtualenv imports it too
(bench/locust_pages.py), so that the load, the pool and bench/journey_cpu.py agree on the pages.

A path's fields come from the pool member's records: `employee` (an employee to open and edit), `search` (the
start of one of its employees' names), `declaration` (a declaration to fill; pages naming a record the member
does not have are skipped for that member).
"""

FLOOR = ("plancher (vue nue)", "/bench/floor/")

# (name, path, weight): weights are a member's session on the portal, the home page and the employees first.
PAGES = [
    ("accueil", "/", 20),
    ("liste des salariés", "/salaries/", 18),
    ("recherche de salariés", "/salaries/?q={search}", 8),
    ("formulaire salarié", "/salaries/{employee}/modifier/", 8),
    ("factures et échéancier", "/factures/", 8),
    ("déclarations", "/declarations/", 8),
    ("formulaire de déclaration", "/declarations/{declaration}/saisie/", 6),
    ("rendez-vous", "/rendez-vous/", 8),
    ("synthèses d'activité", "/syntheses/", 4),
    ("vos informations", "/informations/", 3),
    ("vos contacts", "/contacts/", 3),
]
# A write among the page views: the employee form again, posted with another job title (302 on success). It is
# what makes the member's next views cold: the pages the member's data change must be drawn again.
WRITE = ("enregistrer un salarié", 5)
# A mandataire's visit starts on the list of its companies, then switches to one of them (302 to the home page).
CHOOSE = ("choix de l'adhérent (mandataire)", "/choisir-adherent/")
SWITCH = ("changer d'adhérent", "/choisir-adherent/changer/")


def member_paths(records: dict) -> dict[str, str]:
    """Page name → path for one member of the pool (records: employee, search, declaration; None if it has none)."""
    paths = {}
    for name, template, _weight in PAGES:
        fields = [field for field in ("employee", "search", "declaration") if "{" + field + "}" in template]
        if all(records.get(field) for field in fields):
            paths[name] = template.format(**{field: records[field] for field in fields})
    return paths


# Demo password (portail/portal/demo/members.py) for the login capacity: fictional account of the bench database.
LOGIN = {"username": "100001", "password": "Demo-Adherent-2026"}
LOCKED_USERNAME = "bench.verrou"
