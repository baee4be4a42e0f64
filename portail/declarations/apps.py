from django.apps import AppConfig


class DeclarationsConfig(AppConfig):
    name = "portail.declarations"
    label = "declarations"
    verbose_name = "Déclarations d'effectif"

    def ready(self) -> None:
        from portail.declarations.activity import register

        register()
