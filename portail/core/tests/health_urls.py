"""The project's URLs plus /sante/, until config/urls.py wires the health view."""

from django.urls import path

from config.urls import handler404, handler500  # noqa: F401
from config.urls import urlpatterns as project_urlpatterns
from portail.core.health import health

urlpatterns = [path("sante/", health, name="health"), *project_urlpatterns]
