"""Issue 9: every member and staff page is visited by at least one browser journey.

Runs last (file name) and reads the routes every journey's pages loaded (e2e/conftest.py records
them). Run alone, or with only some journeys selected, it skips: the picture would be partial.
"""

from pathlib import Path

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from e2e.conftest import VISITED_ROUTES

# Routes no journey needs to load, each with why. Everything else must be visited.
NOT_PAGES = {
    "sante/": "sonde de supervision, pas une page",
    "theme.css": "feuille de style",
    "deconnexion/": "POST seulement",
    "gestion/deconnexion/": "POST seulement",
}
NOT_VISITED = {
    "compte/acces-api/": "jetons d'API : portail/api/tests/test_api_tokens.py",
    "compte/acces-api/<int:pk>/revoquer/": "POST ; portail/api/tests/test_api_tokens.py",
    # Actions (POST only) behind buttons of pages the journeys open; each has unit tests.
    "gestion/adherents/<int:pk>/centre-equipe/": "POST",
    "gestion/adherents/<int:pk>/mandats/": "POST",
    "gestion/adherents/<int:pk>/regroupement/": "POST",
    "gestion/adherents/<int:pk>/utilisateurs/inviter/": "POST ; portail/backoffice/tests/test_member_users.py",
    "gestion/adherents/<int:pk>/utilisateurs/<int:membership_pk>/role/": "POST ; test_member_users.py",
    "gestion/adherents/<int:pk>/utilisateurs/<int:membership_pk>/acces/": "POST ; test_member_users.py",
    "connexion/code/": "code de double authentification : portail/accounts/tests/test_member_second_factor.py",
    "compte/double-authentification/": "activation : portail/accounts/tests/test_member_second_factor.py",
    "utilisateurs/<int:pk>/role/": "POST ; portail/accounts/tests/test_invitations.py",
    "utilisateurs/<int:pk>/acces/": "POST ; test_invitations.py",
    "utilisateurs/invitations/<int:pk>/annuler/": "POST ; test_invitations.py",
    "gestion/adherents/<int:pk>/dsn/": "dépôt d'une DSN par le personnel : backoffice/tests/test_dsn.py",
    "gestion/adherents/<int:pk>/dsn/<str:token>/": "aperçu après dépôt : backoffice/tests/test_dsn.py",
    "gestion/adherents/<int:pk>/dsn/<str:token>/valider/": "POST ; backoffice/tests/test_dsn.py",
    "gestion/adherents/<int:pk>/dsn/<str:token>/annuler/": "POST ; backoffice/tests/test_dsn.py",
    "gestion/comptes/<int:pk>/mot-de-passe/": "POST",
    "gestion/comptes/<int:pk>/verrouillage/": "POST",
    "gestion/mandataires/<int:pk>/mandats/": "POST",
    "gestion/mandats/<int:pk>/revoquer/": "POST",
    "gestion/declarations/<int:pk>/valider/": "POST",
    "gestion/declarations/<int:pk>/rouvrir/": "POST",
    "gestion/declarations/campagnes/<int:pk>/cloturer/": "POST",
    "gestion/declarations/campagnes/<int:pk>/relances/": "POST",
    "gestion/facturation/avoirs/<int:pk>/compenser/": "POST",
    "gestion/facturation/prelevements/<int:pk>/etat/": "POST",
    # Covered by the apps' own journeys (e2e/test_*_journey.py), not yet recorded here.
    "mot-de-passe/oublie/": "parcours de réinitialisation : e2e/test_foundation_journey.py",
    "mot-de-passe/reinitialiser/<uidb64>/<token>/": "lien reçu par e-mail : test_foundation_journey",
    "mot-de-passe/oublie/envoye/": "test_foundation_journey",
    "mot-de-passe/reinitialiser/termine/": "test_foundation_journey",
    "gestion/verification/": "second facteur : fixture staff_login (requête de formulaire)",
    "gestion/double-authentification/": "enrôlement TOTP : test_backoffice_journey",
    "mot-de-passe/reinitialise/": "test_foundation_journey",
    "choisir-adherent/": "mandataires et regroupées : test_foundation_journey",
    "choisir-adherent/changer/": "POST seulement ; test_foundation_journey",
    # Actions (POST only) behind a button of a visited page; exercised by the apps' journeys/tests.
    "salaries/<int:pk>/nir/": "POST (affichage du NIR, journalisé)",
    "salaries/import/valider/": "POST ; test_workforce_journey",
    "salaries/import/annuler/": "POST",
    "gestion/demandes/<slug:source>/<int:pk>/commenter/": "POST",
    "gestion/demandes/<slug:source>/<int:pk>/m-attribuer/": "POST",
    "gestion/demandes/<slug:source>/<int:pk>/repondre/": "POST",
    "gestion/personnel/<int:pk>/reinitialiser-second-facteur/": "POST",
    "gestion/demandes/action-groupee/": "POST ; test_backoffice_volume_journey",
    "gestion/demandes/vues/": "POST ; test_backoffice_volume_journey",
    "gestion/demandes/vues/<int:pk>/supprimer/": "POST",
    "gestion/demandes/modeles-de-reponse/<int:pk>/supprimer/": "POST",
    "gestion/tableau-de-bord/export.csv": "fichier CSV : backoffice/tests/test_dashboard.py",
    "gestion/declarations/campagnes/<int:pk>/appel-provisionnel/": "backoffice/tests/test_provisional_call.py",
    "gestion/personnel/<int:pk>/": "la démo n'a qu'un compte du personnel, qui ne modifie pas son propre rôle",
    "gestion/facturation/factures/<int:pk>/avoir/": "test_billing_journey",
    "gestion/facturation/relances/": "POST (bouton de la page Facturation)",
    "gestion/facturation/prelevements/": "POST (bouton de la page Facturation)",
    "gestion/facturation/adherents/<str:number>/imputer-credits/": "POST (bouton du compte adhérent)",
    "gestion/facturation/prelevements/collectes/<int:pk>/rejet/": "POST (formulaire de la page d'un lot)",
    "gestion/facturation/releves/confirmer/": "POST (formulaire de la page d'import de relevé)",
    "gestion/facturation/export/fec/": "formulaire GET (bouton « Télécharger le FEC » de la page Facturation)",
    # Pages of this stop not yet walked by a journey; each has its view tests.
    "salaries/import/dsn/<str:token>/annuler/": "POST ; workforce/tests/test_dsn_cancel_view.py",
    "salaries/import/dsn/<str:token>/ouvrir/": "POST d'un mandataire ; workforce/tests/test_dsn_pending_view.py",
    "salaries/import/dsn/en-attente/": "DSN en attente d'un mandataire : workforce/tests/test_dsn_pending_view.py",
    "salaries/import/rejets/": "fichier XLSX des lignes rejetées : workforce/tests/test_import_rejected_view.py",
    "gestion/rendez-vous/salaries/<int:pk>/lien/": "lien de réservation envoyé par le service : "
                                                  "appointments/tests/test_invitation_views.py",
    "gestion/facturation/relances/courriers.pdf": "PDF des courriers : billing/tests/test_views_accounting.py",
    "gestion/facturation/releves/": "import de relevé : billing/tests/test_views_accounting.py",
    "gestion/facturation/mandats/": "mandats SEPA : billing/tests/test_views_mandates.py",
    "gestion/facturation/mandats/<int:pk>/": "mandats SEPA : billing/tests/test_views_mandates.py",
    "gestion/facturation/mandats/<int:pk>/mandat.pdf": "PDF du mandat : billing/tests/test_views_mandates.py",
    "gestion/facturation/mandats/<int:pk>/revoquer/": "confirmation de révocation : test_views_mandates.py",
    "gestion/facturation/adherents/<str:number>/mandat-papier/": "mandat papier : test_views_mandates.py",
    # Files of objects the demo data does not hold for member 100001 (no mandate, no batch yet…).
    "gestion/facturation/prelevements/<int:pk>/pain008.xml": "aucun lot de prélèvement dans la démo",
    "gestion/facturation/prelevements/<int:pk>/": "aucun lot de prélèvement dans la démo",
    "gestion/demandes/<slug:source>/<int:pk>/piece-jointe/": "pièce jointe facultative, absente de la démo",
    "syntheses/actions/<int:pk>/document/": "documents d'actions : test_activity_journey",
    "gestion/actions/<int:pk>/document/": "documents d'actions : test_activity_journey",
}




def _routes(resolver=None, prefix="") -> dict[str, str]:
    """Every route of the site → its URL name (namespace:name)."""
    routes = {}
    for p in (resolver or get_resolver()).url_patterns:
        if isinstance(p, URLResolver):
            ns = p.namespace
            for route, name in _routes(p, prefix + str(p.pattern)).items():
                routes[route] = f"{ns}:{name}" if ns and ":" not in name else name
        elif isinstance(p, URLPattern):
            routes[prefix + str(p.pattern)] = p.name or ""
    return routes



def test_every_page_is_visited_by_a_journey(request):
    journeys = {Path(str(item.fspath)).name for item in request.session.items}
    expected = {p.name for p in Path(__file__).parent.glob("test_*.py")} - {Path(__file__).name}
    if not expected <= journeys:
        pytest.skip("toutes les parcours ne font pas partie de cette exécution")
    missing = []
    for route, name in _routes().items():
        # api/: the open API answers JSON to software, not pages (portail/api/tests, security_tests/test_api_matrix.py)
        if route.startswith(("admin/", "static/", "media/", "api/")) or route in NOT_PAGES or route in NOT_VISITED:
            continue
        if route not in VISITED_ROUTES:
            missing.append(f"{route} ({name})")
    assert not missing, "pages visitées par aucun parcours :\n" + "\n".join(sorted(missing))
