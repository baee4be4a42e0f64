"""Load the fictional demo data. Idempotent: running it twice changes nothing.

Each app may ship `portail/<app>/demo.py` with `load(stdout)`; they run in INSTALLED_APPS order
so that later apps find the members and accounts of earlier ones.
"""

from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction
from django_scopes import scopes_disabled

DEMO_LOGINS = """
Comptes de démonstration (fictifs) :
  Adhérent        N° adhérent 100001   mot de passe Demo-Adherent-2026
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
        from portail.members.models import Member

        if if_empty and Member.objects.exists():
            self.stdout.write("Données de démonstration déjà présentes.")
            self.stdout.write(DEMO_LOGINS)
            return
        with scopes_disabled(), transaction.atomic():
            for config in apps.get_app_configs():
                module_name = f"{config.name}.demo"
                if config.name.startswith("portail.") and find_spec(module_name):
                    import_module(module_name).load(stdout=self.stdout)
        self.stdout.write(self.style.SUCCESS("Données de démonstration chargées."))
        self.stdout.write(DEMO_LOGINS)
