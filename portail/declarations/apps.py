from django.apps import AppConfig


class DeclarationsConfig(AppConfig):
    name = "portail.declarations"
    label = "declarations"
    verbose_name = "Déclarations d'effectif"

    def ready(self) -> None:
        # Imports inside ready(): apps.py is imported before the models are loaded.
        from portail.declarations.activity import register

        register()
        # A radiation makes the later years' unfiled declarations "Sans objet (radiation)".
        from portail.declarations.services import declarations_void_after_radiation
        from portail.members.services import RADIATION_CONSEQUENCES

        if declarations_void_after_radiation not in RADIATION_CONSEQUENCES:
            RADIATION_CONSEQUENCES.append(declarations_void_after_radiation)
