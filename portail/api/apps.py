from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "portail.api"
    label = "api"
    verbose_name = "API ouverte"
