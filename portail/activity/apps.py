from django.apps import AppConfig


class ActivityConfig(AppConfig):
    name = "portail.activity"
    label = "activity"
