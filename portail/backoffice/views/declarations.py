"""Back office (/gestion/declarations/): campaigns, their dashboard, validation and reopening."""

from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_POST

from portail.backoffice.access import staff_required
from portail.backoffice.models import StaffRole
from portail.backoffice.services import campaign_export_record, provisional_export_record
from portail.backoffice.views import refusal_told
from portail.core.downloads import file_response
from portail.core.exports import export_response
from portail.core.formatting import money_csv, money_fr
from portail.declarations import selectors, services
from portail.declarations.forms import CampaignForm, CloseForm, ReopenForm
from portail.declarations.models import Campaign
from portail.declarations.pdf import acknowledgement_pdf

ROLES = (StaffRole.ACCOUNTING, StaffRole.RECEPTION)


@staff_required(role=ROLES)
def campaigns(request):
    form = CampaignForm(request.POST or None, initial=CampaignForm.initial_for_next())
    if request.method == "POST" and form.is_valid():
        try:
            campaign = services.campaign_open(actor=request.user, request=request, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"Campagne {campaign.year} ouverte : "
                                      f"{campaign.declarations.count()} déclarations « À saisir » créées.")
            return redirect("backoffice:declarations_campaign", pk=campaign.pk)
    return render(request, "backoffice/declarations/campaigns.html", {
        "campaigns": selectors.campaigns(), "form": form,
    }, status=400 if form.is_bound else 200)


@require_GET
@staff_required(role=ROLES)
def campaign_dashboard(request, pk: int):
    campaign = get_object_or_404(Campaign, pk=pk)
    status = request.GET.get("statut", "")
    return render(request, "backoffice/declarations/campaign.html", {
        "campaign": campaign, "counts": selectors.campaign_counts(campaign=campaign), "status": status,
        "declarations": selectors.campaign_declarations(campaign=campaign, status=status)[:500],
        "close_form": CloseForm(initial={"mark_unfileable": "1"}),
    })


PROVISIONAL_HEADERS = ("N° adhérent", "Raison sociale", "SI", "SIA", "SIR", "Appel HT", "Appel TTC")


@require_GET
@staff_required(role=ROLES)
def campaign_provisional(request, pk: int):
    """The provisional call for contributions: last year's confirmed headcount at this campaign's tariffs."""
    campaign = get_object_or_404(Campaign, pk=pk)
    rows = selectors.provisional_call(campaign=campaign)
    if request.GET.get("format") == "csv":
        return export_response(
            request, fmt="csv", filename=f"appel-provisionnel-{campaign.year}", headers=PROVISIONAL_HEADERS,
            rows=([r.member.number, r.member.name, r.counts["SI"], r.counts["SIA"], r.counts["SIR"],
                   money_csv(r.amount_ht), money_csv(r.amount_ttc)] for r in rows),
            audit=lambda: provisional_export_record(campaign=campaign, actor=request.user, request=request))
    return render(request, "backoffice/declarations/provisional.html", {
        "campaign": campaign, "rows": rows, "total_ht": sum((r.amount_ht for r in rows), Decimal("0.00")),
        "total_ttc": sum((r.amount_ttc for r in rows), Decimal("0.00"))})


CAMPAIGN_HEADERS = ("N° adhérent", "Raison sociale", "N° déclaration", "Version", "Statut", "Transmise le", "SI", "SIA",
                    "SIR", "Cotisation HT", "Cotisation TTC", "Facture")


@require_GET
@staff_required(role=ROLES)
def campaign_export(request, pk: int):
    campaign = get_object_or_404(Campaign, pk=pk)
    declarations = selectors.campaign_declarations(campaign=campaign, status=request.GET.get("statut", ""))
    return export_response(
        request, fmt="csv", filename=f"declarations-{campaign.year}", headers=CAMPAIGN_HEADERS,
        rows=([d.member.number, d.member.name, d.number, d.version, d.status_label, d.submitted_at, d.count_si,
               d.count_sia, d.count_sir, money_csv(d.amount_ht), money_csv(d.amount_ttc),
               d.invoice.number if d.invoice else ""] for d in declarations.iterator()),
        audit=lambda: campaign_export_record(campaign=campaign, actor=request.user, request=request))


@require_POST
@staff_required(role=ROLES)
def campaign_reminders(request, pk: int):
    campaign = get_object_or_404(Campaign, pk=pk)
    sent = services.reminders_send(campaign=campaign, actor=request.user, request=request)
    messages.success(request, f"{sent} rappel(s) envoyé(s) aux adhérents n'ayant pas transmis leur déclaration.")
    return redirect("backoffice:declarations_campaign", pk=pk)


@require_POST
@staff_required(role=ROLES)
def campaign_close(request, pk: int):
    campaign = get_object_or_404(Campaign, pk=pk)
    form = CloseForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choisissez le sort des déclarations non transmises.")
        return redirect("backoffice:declarations_campaign", pk=pk)
    with refusal_told(request):
        changed = services.campaign_close(campaign=campaign, actor=request.user, request=request,
                                          mark_unfileable=form.cleaned_data["mark_unfileable"])
        messages.success(request, f"Campagne {campaign.year} clôturée ({changed} déclaration(s) "
                                  "passée(s) en « Non saisissable »).")
    return redirect("backoffice:declarations_campaign", pk=pk)


@require_GET
@staff_required(role=ROLES)
def declaration_detail(request, pk: int):
    declaration = selectors.staff_declaration_get(pk=pk)
    return render(request, "backoffice/declarations/declaration.html", {
        "declaration": declaration, "lines": declaration.lines.all(), "reopen_form": ReopenForm(),
        "versions": type(declaration).objects.filter(member=declaration.member, campaign=declaration.campaign)
        .order_by("version"),
    })


@require_POST
@staff_required(role=ROLES)
def declaration_validate(request, pk: int):
    declaration = selectors.staff_declaration_get(pk=pk)
    with refusal_told(request):
        declaration = services.declaration_validate(declaration=declaration, actor=request.user, request=request)
        invoice = declaration.invoice
        messages.success(request, f"Déclaration n° {declaration.number} validée" + (
            f" ; {invoice.get_kind_display()} n° {invoice.number} émise ({money_fr(invoice.total_ttc)} TTC)." if invoice
            else " ; rien à facturer."))
    return redirect("backoffice:declarations_declaration", pk=pk)


@require_POST
@staff_required(role=ROLES)
def declaration_reopen(request, pk: int):
    declaration = selectors.staff_declaration_get(pk=pk)
    form = ReopenForm(request.POST)
    if form.is_valid():
        with refusal_told(request):
            new = services.declaration_reopen(declaration=declaration, actor=request.user, request=request,
                                              reason=form.cleaned_data["reason"])
            messages.success(request, f"Déclaration rouverte : version {new.version} à compléter par l'adhérent.")
            return redirect("backoffice:declarations_declaration", pk=new.pk)
    else:
        messages.error(request, "Indiquez le motif de la réouverture.")
    return redirect("backoffice:declarations_declaration", pk=pk)


@require_GET
@staff_required(role=ROLES)
def acknowledgement(request, pk: int):
    declaration = selectors.staff_declaration_get(pk=pk)
    if not declaration.is_submitted:
        return redirect("backoffice:declarations_declaration", pk=pk)
    return file_response(content=acknowledgement_pdf(declaration=declaration),
                         filename=f"accuse-reception-{declaration.number}.pdf", inline=True)
