from django.apps import AppConfig


class WorkforceConfig(AppConfig):
    name = "portail.workforce"
    label = "workforce"
