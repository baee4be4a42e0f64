"""Tables over several companies: the accountant's cockpit and its XLSX export (mandataires only: they act for
many companies), the consolidated view of grouped establishments (the head establishment)."""

from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render

from portail.accounts.forms import MemberSearchForm
from portail.audit.services import event_record
from portail.core.exports import export_response
from portail.core.tenancy import member_required
from portail.portal.cockpit import FILTERS, SORTS, cockpit_filter, cockpit_rows, cockpit_sort
from portail.portal.group import CATEGORIES, group_establishments, group_rows

# A page of the table, drawn quickly whatever the number of clients; filters, sort and the export cover them all.
PAGE_SIZE = 100
HEADERS = ("N° adhérent", "Entreprise", "Solde dû", "Plus ancienne facture impayée (échéance)",
           "Déclaration de la campagne ouverte", "Salariés en retard de visite", "Demandes en cours",
           "Dernière modification")


def _rows(request):
    if not request.user.is_mandataire:
        raise PermissionDenied
    form = MemberSearchForm(request.GET or None)
    query = form.cleaned_data["q"] if form.is_valid() else ""
    what = request.GET.get("filtre", "")
    what = what if what in FILTERS else ""
    sort = request.GET.get("tri", "name")
    sort = sort if sort.removeprefix("-") in SORTS else "name"
    every = cockpit_rows(user=request.user, query=query)
    rows = cockpit_sort(cockpit_filter(every, what=what), key=sort)
    # How many companies each filter keeps, above the table: where to act, before choosing a filter.
    counts = [{"key": key, "label": label, "count": len(cockpit_filter(every, what=key))}
              for key, label in FILTERS.items() if key]
    return rows, {"form": form, "query": query, "what": what, "sort": sort, "filters": FILTERS, "counts": counts}


@login_required
def cockpit(request):
    rows, context = _rows(request)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    querystring = urlencode({"q": context["query"], "filtre": context["what"], "tri": context["sort"]})
    context.update(page=page, querystring=querystring, columns=_columns(context["sort"]))
    template = "portal/_cockpit_table.html" if request.htmx else "portal/cockpit.html"
    return render(request, template, context)


def _columns(sort: str) -> list[dict]:
    """The sortable headers: each links to its ascending order, or descending when it is the current one."""
    labels = dict(zip(SORTS, ("N°", "Entreprise", "Solde dû", "Plus ancienne impayée", "Déclaration",
                              "Retards de visite", "Demandes", "Dernière modification"), strict=True))
    return [{"key": key, "label": label, "next": f"-{key}" if sort == key else key,
             "current": sort.removeprefix("-") == key, "descending": sort.startswith("-")}
            for key, label in labels.items()]


@login_required
def cockpit_export(request):
    rows, context = _rows(request)
    table = ([r.number, r.name, r.balance, r.oldest_unpaid, r.declaration or "—", r.overdue, r.requests,
              r.last_change.date() if r.last_change else None] for r in rows)
    return export_response(
        request, fmt="xlsx", filename="tableau-de-bord-clients", headers=HEADERS, rows=table,
        sheet_title="Clients",
        audit=lambda: event_record(action="cockpit.export", actor=request.user, request=request,
                                   summary=f"Tableau de bord exporté ({len(rows)} entreprises)"),
    )


@member_required
def group(request):
    establishments = group_establishments(head=request.member)
    if not establishments:
        raise Http404("Aucun établissement regroupé sous cet adhérent.")
    rows, totals = group_rows(establishments=establishments)
    return render(request, "portal/group.html", {"rows": rows, "totals": totals, "categories": CATEGORIES})
