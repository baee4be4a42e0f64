from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "portail.accounts"
    label = "accounts"
    verbose_name = "Comptes"

    def ready(self):
        # Imports inside ready(): apps.py is imported before the models are loaded.
        from portail.accounts import signals  # noqa: F401
        from portail.accounts.notices import member_notify
        from portail.members.services import MEMBER_NOTIFIERS

        # members tells the member (e.g. the receipt of a situation change) through the one place that does.
        MEMBER_NOTIFIERS.append(member_notify)
