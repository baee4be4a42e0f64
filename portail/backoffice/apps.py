from django.apps import AppConfig


class BackofficeConfig(AppConfig):
    name = "portail.backoffice"
    label = "backoffice"

    def ready(self) -> None:
        # Add "Demandes effectuées et délais de traitement" to tab 2.7 without activity importing the inbox.
        from portail.backoffice.activity import register

        register()
