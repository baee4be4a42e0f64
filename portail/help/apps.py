from django.apps import AppConfig


class HelpConfig(AppConfig):
    name = "portail.help"
    label = "help"
    verbose_name = "Aide"
