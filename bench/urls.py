from django.http import HttpResponse
from django.urls import path

from config.urls import handler403, handler404, handler500  # noqa: F401
from config.urls import urlpatterns as project_urlpatterns
from portail.core.health import health


def floor(request):
    """The framework floor: the full middleware stack, no query, no template."""
    return HttpResponse("ok")


urlpatterns = [
    path("bench/floor/", floor),
    path("sante/", health),
    *project_urlpatterns,
]
