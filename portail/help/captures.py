"""The one registry of the guide's screenshots: capture name → the journey that produces it.

The journeys (e2e/test_guide_journeys.py) may only shoot names listed here, and a check that
needs no browser (portail/help/tests/test_captures.py) verifies that every image the Markdown
references is listed here and shot by its journey. A new page gets its captures here in the
same commit as its journey.
"""

CAPTURES: dict[str, str] = {
    "connexion": "journey_login",
    "accueil": "journey_login",
    "informations": "journey_information",
    "contact-ajout": "journey_information",
    "changement-situation": "journey_information",
    "contacts-service": "journey_service_contacts",
    "salaries-liste": "journey_workforce",
    "salarie-ajout": "journey_workforce",
    "salaries-import": "journey_workforce",
    "factures": "journey_billing",
    "mandat-sepa": "journey_billing",
    "declarations": "journey_declarations",
    "declaration-controles": "journey_declarations",
    "declaration-saisie": "journey_declarations",
    "declaration-accuse": "journey_declarations",
    "rendez-vous": "journey_appointments",
    "rendez-vous-demande": "journey_appointments",
    "rendez-vous-accuse": "journey_appointments",
    "rendez-vous-annulation": "journey_appointments",
    "conformite": "journey_appointments",
    "syntheses": "journey_activity",
    "aide": "journey_help",
    "gestion-boite": "journey_staff",
    "gestion-adherent": "journey_staff",
}
