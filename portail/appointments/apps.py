from django.apps import AppConfig


class AppointmentsConfig(AppConfig):
    name = "portail.appointments"
    label = "appointments"

    def ready(self) -> None:
        # Imports inside ready(): apps.py is imported before the models are loaded.
        # Plug into the apps below this one, which do not import it: the "Visites" block of tab 2.7, the
        # consequences of an employee's exit, and the next appointment in the employee list.
        from portail.activity.selectors import SECTION_PROVIDERS
        from portail.appointments.activity import visits_section
        from portail.appointments.exits import appointments_employee_exit
        from portail.appointments.selectors import next_appointment_start
        from portail.workforce.selectors import LIST_COLUMNS
        from portail.workforce.services import EXIT_CONSEQUENCES

        if visits_section not in SECTION_PROVIDERS:
            SECTION_PROVIDERS.append(visits_section)
        if appointments_employee_exit not in EXIT_CONSEQUENCES:
            EXIT_CONSEQUENCES.append(appointments_employee_exit)
        LIST_COLUMNS["next_appointment"] = next_appointment_start
