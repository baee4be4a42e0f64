from django.apps import AppConfig


class MembersConfig(AppConfig):
    name = "portail.members"
    label = "members"

    def ready(self) -> None:
        from portail.members import freshness, signals  # noqa: F401

        freshness.connect()
