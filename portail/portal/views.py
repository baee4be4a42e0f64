from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import cache_control

from portail.core.tenancy import member_required
from portail.members.freshness import member_cached
from portail.members.selectors import service_branding
from portail.portal.permissions import role_opens, role_opens_url
from portail.portal.tiles import home_tiles

SHORTCUTS = (
    ("Consulter et mettre à jour la liste de vos salariés", "workforce:list"),
    ("Actualiser les informations de votre entreprise", "members:information"),
    ("Accéder à votre déclaration annuelle et consulter vos factures", "declarations:list"),
    ("Demander des rendez-vous", "appointments:list"),
    # No tile (a count would cost the home page a query): the news of the service are one click away.
    ("Lire les messages du service (réponses, convocations, rendez-vous déplacés, factures)", "members:notices"),
)


@member_required
def home(request):
    tiles = member_cached(request, name="tiles", compute=lambda: home_tiles(member=request.member))
    role = request.member_role
    context = {"tiles": [tile for tile in tiles if role_opens_url(role, tile.url)],
               "shortcuts": [(label, name) for label, name in SHORTCUTS if role_opens(role, name)]}
    return render(request, "portal/home.html", context)


@cache_control(max_age=300)
def theme_css(request):
    """The service's colours as CSS variables, so no inline style is needed (strict CSP)."""
    branding = service_branding()
    css = f":root{{--brand:{branding.primary_color};--accent:{branding.accent_color};}}\n"
    return HttpResponse(css, content_type="text/css")
