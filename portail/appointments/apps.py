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

        from django.core.cache import cache
        from django.db.models.signals import post_delete, post_save

        from portail.appointments.models import AppointmentSettings
        from portail.appointments.selectors import SETTINGS_CACHE_KEY

        def forget_settings(**kwargs):
            cache.delete(SETTINGS_CACHE_KEY)

        post_save.connect(forget_settings, sender=AppointmentSettings, weak=False,
                          dispatch_uid="appointments-settings-cache")
        post_delete.connect(forget_settings, sender=AppointmentSettings, weak=False,
                            dispatch_uid="appointments-settings-cache-delete")
