from django.apps import AppConfig


class AppointmentsConfig(AppConfig):
    name = "portail.appointments"
    label = "appointments"
