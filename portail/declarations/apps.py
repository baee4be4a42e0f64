from django.apps import AppConfig


class DeclarationsConfig(AppConfig):
    name = "portail.declarations"
    label = "declarations"
