from django.apps import AppConfig


class MembersConfig(AppConfig):
    name = "portail.members"
    label = "members"
