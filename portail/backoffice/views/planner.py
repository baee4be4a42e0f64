"""The planner's calendar (day or week, per professional and centre) and the cross-member compliance watch."""

from datetime import date, timedelta

from django.shortcuts import render
from django.utils import timezone

from portail.appointments.forms import SlotFilterForm
from portail.appointments.planner import calendar_grid, compliance_watch
from portail.backoffice.access import staff_required
from portail.backoffice.navigation import CARE


def day_or_today(value: str | None) -> date:
    """A day given in the query string (ISO), today when it is missing or unreadable."""
    try:
        return date.fromisoformat(value or "")
    except ValueError:
        return timezone.localdate()


@staff_required(role=CARE)
def calendar(request):
    week = request.GET.get("vue") == "semaine"
    day = day_or_today(request.GET.get("jour"))
    first = day - timedelta(days=day.weekday()) if week else day
    span = 7 if week else 1
    filters = SlotFilterForm(request.GET or None)
    chosen = filters.filters()
    grid = calendar_grid(first=first, days=span, professional=chosen["professional"], centre=chosen["centre"])
    query = request.GET.copy()
    for key in ("jour", "vue"):
        query.pop(key, None)
    return render(request, "backoffice/appointments/calendar.html", {
        "grid": grid, "first": first, "week": week, "filters": filters, "keep": query.urlencode(),
        "previous": first - timedelta(days=span), "next": first + timedelta(days=span),
    })


@staff_required(role=CARE)
def compliance(request):
    return render(request, "backoffice/appointments/compliance.html", compliance_watch())
