from importlib.util import find_spec

from django.contrib import admin
from django.urls import include, path
from django_otp.admin import OTPAdminSite

from portail.core.health import health

# The support admin asks for the same second factor as the back office.
admin.site.__class__ = OTPAdminSite
admin.site.site_header = "Portail SPST – support"
admin.site.site_title = "Portail SPST"

urlpatterns = [
    path("sante/", health, name="health"),
    path("admin/", admin.site.urls),
    path("", include("portail.accounts.urls")),
    path("", include("portail.portal.urls")),
    path("", include("portail.members.urls")),
    path("", include("portail.api.urls")),
]

# Each domain app mounts its own URLs once it has them.
for app in ("workforce", "billing", "declarations", "appointments", "activity", "messaging", "backoffice", "help"):
    if find_spec(f"portail.{app}.urls") is not None:
        urlpatterns.append(path("", include(f"portail.{app}.urls")))

handler404 = "portail.core.views.error_404"
handler403 = "portail.core.views.error_403"
handler500 = "portail.core.views.error_500"
