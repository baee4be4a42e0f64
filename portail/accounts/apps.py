from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "portail.accounts"
    label = "accounts"
    verbose_name = "Comptes"

    def ready(self):
        from portail.accounts import signals  # noqa: F401
