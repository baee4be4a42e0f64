from django.apps import AppConfig


class PortalConfig(AppConfig):
    """The member portal's shell: home page and tiles, left menu, current-member middleware, demo data.

    It sits above every domain app and assembles them, so that `core` stays free of domain imports.
    """

    name = "portail.portal"
    label = "portal"
