from django.http import HttpResponse, HttpResponseServerError
from django.shortcuts import render
from django.template import loader
from django.views.decorators.cache import cache_control

from portail.core.tenancy import member_required
from portail.core.tiles import home_tiles
from portail.members.freshness import member_cached

SHORTCUTS = (
    ("Consulter et mettre à jour la liste de vos salariés", "workforce:list"),
    ("Actualiser les informations de votre entreprise", "members:information"),
    ("Accéder à votre déclaration annuelle et consulter vos factures", "declarations:list"),
    ("Demander des rendez-vous", "appointments:list"),
)


@member_required
def home(request):
    tiles = member_cached(request, name="tiles", compute=lambda: home_tiles(member=request.member))
    return render(request, "core/home.html", {"tiles": tiles, "shortcuts": SHORTCUTS})


def error_404(request, exception=None):
    return render(request, "404.html", status=404)


def error_403(request, exception=None):
    return render(request, "403.html", status=403)


def error_500(request):
    # No context processors: the database may be the reason we are here.
    return HttpResponseServerError(loader.get_template("500.html").render({}))


@cache_control(max_age=300)
def theme_css(request):
    """The service's colours as CSS variables, so no inline style is needed (strict CSP)."""
    from portail.members.selectors import service_branding

    branding = service_branding()
    css = f":root{{--brand:{branding.primary_color};--accent:{branding.accent_color};}}\n"
    return HttpResponse(css, content_type="text/css")
