from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "portail.accounts"
    label = "accounts"
    verbose_name = "Comptes"

    def ready(self):
        # Imports inside ready(): apps.py is imported before the models are loaded.
        from portail.accounts import signals  # noqa: F401
