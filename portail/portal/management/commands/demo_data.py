"""Load the fictional demo data. Idempotent: running it twice changes nothing.

Each module of `portail.portal.demo` has `load(stdout)`; they run in that order so that later ones find
the members and accounts of earlier ones.
"""

from django.core.management.base import BaseCommand
from django.db import transaction
from django.test.utils import override_settings
from django_scopes import scopes_disabled

from portail.members.models import Member
from portail.portal.demo import activity, appointments, backoffice, billing, declarations, members, workforce

ORDER = (members, workforce, billing, declarations, appointments, activity, backoffice)

DEMO_LOGINS = """
Comptes de démonstration (fictifs) :
  Adhérent        N° adhérent 100001   mot de passe Demo-Adherent-2026
  Utilisateurs de 100001 (connexion par e-mail), mot de passe Demo-Utilisateur-2026 :
                  admin@test-prospect.example (Administrateur), rh@test-prospect.example (Salariés / RH),
                  compta@test-prospect.example (Comptabilité)
  1re connexion   N° adhérent 100002   mot de passe Premiere-Connexion-2026 (changement imposé)
  Mandataire      cabinet.demo         mot de passe Demo-Mandataire-2026 (cocher « mandataire »)
  Personnel       staff.demo           mot de passe Demo-Staff-2026-Secure
                  back office : /gestion/ ; code à 6 chiffres : .venv/bin/python manage.py demo_totp
"""


class Command(BaseCommand):
    help = "Charge les données de démonstration (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--if-empty", action="store_true", help="Ne rien faire si un adhérent existe déjà.")

    def handle(self, *args, if_empty=False, **options):
        if if_empty and Member.objects.exists():
            self.stdout.write("Données de démonstration déjà présentes.")
            self.stdout.write(DEMO_LOGINS)
            return
        # The demo's history writes notices as the real services do; their e-mails must not flood the console of
        # `make run` (its e-mail backend prints every message).
        quiet_mail = override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend")
        with quiet_mail, scopes_disabled(), transaction.atomic():
            for module in ORDER:
                module.load(stdout=self.stdout)
        self.stdout.write(self.style.SUCCESS("Données de démonstration chargées."))
        self.stdout.write(DEMO_LOGINS)
