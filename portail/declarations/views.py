"""Tab 2.5 "Vos déclarations": the list, filling, submission and the PDFs. Thin: parse, call, render."""

from urllib.parse import urlsplit

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_http_methods

from portail.core.confirmation import Confirmation, confirmation_page
from portail.core.confirmation import confirmed as is_confirmed
from portail.core.downloads import file_response
from portail.core.formatting import count_fr, money_fr
from portail.core.tenancy import member_required
from portail.declarations import selectors, services
from portail.declarations.forms import CompleteForm, ExitForm, ExpiredExitsForm, FillForm
from portail.declarations.pdf import acknowledgement_pdf, declaration_pdf
from portail.members.freshness import member_cached
from portail.workforce.selectors import employee_get
from portail.workforce.services import employee_update

LEGEND = [
    ("validated", "Confirmée", "validée par le service"),
    ("confirmed", "Confirmée", "transmise, en attente de validation par le service"),
    ("in-progress", "En cours", "brouillon enregistré, non transmis"),
    ("to-fill", "À saisir", "campagne ouverte, rien n'a été saisi"),
    ("closed", "Non saisissable", "campagne close ou adhérent non concerné"),
]
FLAGGED = "signales"  # ?filtre= value of the nominative list reduced to the employees with something to fix

def _pdf(content: bytes, filename: str) -> HttpResponse:
    return file_response(content=content, filename=filename, inline=True, cache_control="private, no-store")


def _messages(error: ValidationError) -> list[str]:
    return [str(m) for m in error.messages]


@require_GET
@member_required
def declaration_list(request):
    member = request.member
    # Under the member's data stamp: a declaration's every save renews it; campaigns are shared settings.
    declarations = member_cached(request, name="declarations:list",
                                 compute=lambda: list(selectors.declarations_for_member(member=member)))
    return render(request, "declarations/list.html", {
        "declarations": declarations, "legend": LEGEND,
        "to_fill": selectors.first_fillable(declarations),
        "printable": next((d for d in declarations if d.is_submitted), None),
    })


def _list_query(request) -> QueryDict:
    """What chooses the nominative list's page: `?page=`, `?salarie=` (the page of that employee) and `?filtre=
    signales` (the flagged ones only); an htmx request redraws the list the browser shows, named in its address."""
    if request.htmx and request.htmx.current_url and not request.GET:
        return QueryDict(urlsplit(request.htmx.current_url).query)
    return request.GET


def _nominative(request, preview) -> dict:
    query = _list_query(request)
    employee, flagged_only = query.get("salarie", ""), query.get("filtre") == FLAGGED
    rows = selectors.nominative_page(preview=preview, page=query.get("page"), flagged_only=flagged_only,
                                     employee_pk=int(employee) if employee.isdigit() else None)
    return {"rows": rows, "flagged_only": flagged_only, "flagged": FLAGGED,
            "list_query": f"filtre={FLAGGED}&" if flagged_only else ""}


def _fill_context(request, declaration, form=None, errors=None):
    preview = selectors.preview(declaration=declaration)
    return {
        "declaration": declaration, "preview": preview, "warning": preview.warning,
        "shown": selectors.PROBLEMS_SHOWN, **_nominative(request, preview),
        "problems_hidden": max(len(preview.problems) - selectors.PROBLEMS_SHOWN, 0),
        "warnings_hidden": max(len(preview.warnings) - selectors.PROBLEMS_SHOWN, 0),
        "form": form or FillForm(initial={"headcount_change_confirmed": declaration.headcount_change_confirmed}),
        "exit_form": ExitForm(), "errors": errors or [],
    }


@member_required
@require_http_methods(["GET", "POST"])
def declaration_fill(request, pk: int):
    declaration = selectors.declaration_get(member=request.member, pk=pk)
    if not declaration.is_fillable:
        messages.info(request, declaration.opening_message if declaration.opens_later else
                      f"La déclaration {declaration.period_label} est « {declaration.status_label} ».")
        return redirect("declarations:detail", pk=declaration.pk)
    form, errors, status = None, None, 200
    if request.method == "POST":
        form = FillForm(request.POST)
        form.is_valid()
        confirmed = form.cleaned_data.get("headcount_change_confirmed", False)
        asks_to_submit = "transmettre" in request.POST and not is_confirmed(request)
        preview = selectors.preview(declaration=declaration) if asks_to_submit else None
        if preview is not None and _submittable(preview, confirmed):
            return confirmation_page(request, confirmation=Confirmation(
                title=f"Transmettre votre déclaration d'effectif {declaration.campaign.year} ?",
                consequence="une déclaration transmise ne se modifie plus : seul le service peut la rouvrir.",
                confirm_label="Oui, transmettre ma déclaration", cancel_url=reverse("declarations:fill", args=[pk]),
                details=_submit_summary(preview),
                hidden={"transmettre": "1", "headcount_change_confirmed": "on" if confirmed else ""}))
        try:
            if "transmettre" in request.POST:
                declaration = services.declaration_submit(declaration=declaration, actor=request.user,
                                                          headcount_change_confirmed=confirmed, request=request)
                messages.success(request, f"Votre déclaration n° {declaration.number} a été transmise. "
                                          "Un accusé de réception vous a été envoyé par e-mail.")
                return redirect("declarations:detail", pk=declaration.pk)
            services.declaration_save_draft(declaration=declaration, actor=request.user,
                                            headcount_change_confirmed=confirmed, request=request)
            messages.success(request, "Votre brouillon a été enregistré : vous pourrez le reprendre plus tard.")
            return redirect("declarations:fill", pk=declaration.pk)
        except ValidationError as error:
            errors, status = _messages(error), 400
            declaration.refresh_from_db()
    return render(request, "declarations/fill.html", _fill_context(request, declaration, form, errors),
                  status=status)


def _submittable(preview: selectors.Preview, headcount_change_confirmed: bool) -> bool:
    """Worth asking "transmettre ?": nothing left to correct, the headcount change acknowledged where needed (else
    the service's refusal says what remains, without a confirmation first)."""
    return not preview.problems and (not preview.warning or headcount_change_confirmed)


def _submit_summary(preview: selectors.Preview) -> list[tuple[str, str]]:
    return [("Effectif déclaré", count_fr(preview.total, "salarié")),
            ("Cotisation TTC", money_fr(preview.amount_ttc))]


@require_GET
@member_required
def declaration_totals(request, pk: int):
    """htmx: the counts, the amount and the checks, recomputed from the current employee list."""
    declaration = selectors.declaration_get(member=request.member, pk=pk)
    return render(request, "declarations/_totals.html", _fill_context(request, declaration))


@require_http_methods(["GET", "POST"])
@member_required
def employee_exit(request, pk: int, employee_pk: int):
    """The exit form of one employee, opened on demand: in its row (htmx) or as a page of its own."""
    declaration = selectors.declaration_get(member=request.member, pk=pk)
    employee = employee_get(member=request.member, pk=employee_pk)
    if request.method == "GET":
        context = {"declaration": declaration, "employee": employee, "exit_form": ExitForm()}
        return render(request, "declarations/_exit_form.html" if request.htmx else "declarations/exit.html", context)
    form = ExitForm(request.POST)
    if form.is_valid():
        try:
            services.declaration_employee_exit(declaration=declaration, employee=employee, actor=request.user,
                                               request=request, **form.cleaned_data)
            messages.success(request, f"La sortie de {employee} a été enregistrée.")
            _consequence_messages(request, [employee])
        except ValidationError as error:
            messages.error(request, " ".join(_messages(error)))
    else:
        messages.error(request, "Indiquez la date et le motif de sortie.")
    if request.htmx:
        return render(request, "declarations/_totals.html", _fill_context(request, declaration))
    return redirect(_row_url(declaration, employee))


def _row_url(declaration, employee) -> str:
    """The filling page open on the page of the nominative list that shows `employee`, scrolled to their row."""
    return reverse("declarations:fill", args=[declaration.pk]) + f"?salarie={employee.pk}#salarie-{employee.pk}"


def _consequence_messages(request, employees) -> None:
    """What each exit did to appointments and requests (portail.appointments.exits), told to the member."""
    for employee in employees:
        for sentence in getattr(employee, "exit_consequences", []):
            messages.info(request, sentence)


@member_required
@require_http_methods(["GET", "POST"])
def expired_exits(request, pk: int):
    """"Déclarer la sortie de tous les salariés dont le contrat a pris fin avant la date de référence": who, with
    their contract's end date (the exit date recorded), then one confirmation."""
    declaration = selectors.declaration_get(member=request.member, pk=pk)
    if not declaration.is_fillable:
        return redirect("declarations:detail", pk=declaration.pk)
    employees = selectors.expired_contracts(declaration=declaration)
    form = ExpiredExitsForm(request.POST or None, employees=employees)
    if request.method == "POST" and form.is_valid():
        try:
            leaving = services.declaration_expired_contracts_exit(
                declaration=declaration, actor=request.user, employee_ids=form.cleaned_data["salaries"],
                request=request)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            names = ", ".join(str(e) for e in leaving)
            messages.success(request, f"{count_fr(len(leaving), 'salarié sorti')} de votre effectif à la fin de "
                                      f"{'leur' if len(leaving) > 1 else 'son'} contrat : {names}.")
            _consequence_messages(request, leaving)
            return redirect("declarations:fill", pk=declaration.pk)
    return render(request, "declarations/expired_exits.html",
                  {"declaration": declaration, "employees": employees, "form": form},
                  status=400 if form.is_bound else 200)


@sensitive_post_parameters("nir")
@member_required
@require_http_methods(["GET", "POST"])
def employee_complete(request, pk: int, employee_pk: int):
    declaration = selectors.declaration_get(member=request.member, pk=pk)
    employee = employee_get(member=request.member, pk=employee_pk)
    if not declaration.is_fillable:
        return redirect("declarations:detail", pk=declaration.pk)
    form = CompleteForm(request.POST or None, employee=employee)
    if request.method == "POST" and form.is_valid():
        try:
            employee_update(employee=employee, actor=request.user, data=form.service_data(), request=request)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            services.declaration_save_draft(declaration=declaration, actor=request.user,
                                            headcount_change_confirmed=declaration.headcount_change_confirmed,
                                            request=request)
            messages.success(request, f"La fiche de {employee} a été complétée.")
            return redirect(_row_url(declaration, employee))
    return render(request, "declarations/complete.html",
                  {"declaration": declaration, "employee": employee, "form": form},
                  status=400 if form.is_bound else 200)


@require_GET
@member_required
def declaration_detail(request, pk: int):
    declaration = selectors.declaration_get(member=request.member, pk=pk)
    return render(request, "declarations/detail.html", {
        "declaration": declaration, "lines": declaration.lines.all() if declaration.is_submitted else [],
    })


@require_GET
@member_required
def acknowledgement(request, pk: int):
    declaration = selectors.declaration_get(member=request.member, pk=pk)
    if not declaration.is_submitted:
        messages.error(request, "L'accusé de réception est disponible une fois la déclaration transmise.")
        return redirect("declarations:list")
    return _pdf(acknowledgement_pdf(declaration=declaration), f"accuse-reception-{declaration.number}.pdf")


@require_GET
@member_required
def declaration_print(request, pk: int):
    declaration = selectors.declaration_get(member=request.member, pk=pk)
    current = None if declaration.is_submitted else selectors.preview(declaration=declaration)
    name = declaration.number or f"{declaration.campaign.year}-brouillon"
    return _pdf(declaration_pdf(declaration=declaration, preview=current), f"declaration-{name}.pdf")
