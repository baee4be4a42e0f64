from django.apps import AppConfig


class BackofficeConfig(AppConfig):
    name = "portail.backoffice"
    label = "backoffice"

    def ready(self) -> None:
        # Imports inside ready(): apps.py is imported before the models are loaded.
        # Imported once the models are ready. Each inbox adapter registers itself; the activity section
        # "Demandes effectuées et délais de traitement" joins tab 2.7 without activity importing the inbox.
        from portail.backoffice import activity
        from portail.backoffice.inbox_sources import appointments, declarations, members, messaging  # noqa: F401

        activity.register()
