"""The director's dashboard: the year's activity in figures and simple charts, exportable as CSV."""

from django.shortcuts import render
from django.utils import timezone

from portail.backoffice import services
from portail.backoffice.access import staff_required
from portail.backoffice.dashboard import dashboard_get, export_rows
from portail.core.exports import export_response

HEADERS = ("Rubrique", "Indicateur", "Valeur")


def _year(request) -> int:
    value = request.GET.get("annee", "")
    today = timezone.localdate()
    return int(value) if value.isdigit() and 2000 <= int(value) <= today.year + 1 else today.year


@staff_required(role=())
def dashboard(request):
    year = _year(request)
    return render(request, "backoffice/dashboard/dashboard.html", {
        "d": dashboard_get(year=year), "years": range(timezone.localdate().year + 1, 2019, -1)})


@staff_required(role=())
def dashboard_export(request):
    year = _year(request)
    return export_response(
        request, fmt="csv", filename=f"tableau-de-bord-{year}", headers=HEADERS,
        rows=export_rows(dashboard_get(year=year)),
        audit=lambda: services.dashboard_export_record(year=year, actor=request.user, request=request))
