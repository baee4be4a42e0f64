from django.apps import AppConfig


class AppointmentsConfig(AppConfig):
    name = "portail.appointments"
    label = "appointments"

    def ready(self) -> None:
        # Add the "Visites" block to tab 2.7 without the activity app importing this one.
        from portail.activity.selectors import SECTION_PROVIDERS
        from portail.appointments.activity import visits_section

        if visits_section not in SECTION_PROVIDERS:
            SECTION_PROVIDERS.append(visits_section)
