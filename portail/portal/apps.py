from django.apps import AppConfig


class PortalConfig(AppConfig):
    """The member portal's shell: home page and tiles, left menu, current-member middleware, demo data.

    It sits above every domain app and assembles them, so that `core` stays free of domain imports.
    """

    name = "portail.portal"
    label = "portal"

    def ready(self):
        # Imports inside ready(): apps.py is imported before the models are loaded.
        from portail.core.tenancy import view_access_check_register
        from portail.portal.permissions import view_access_refusal

        view_access_check_register(view_access_refusal)
