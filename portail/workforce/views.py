"""Tab 2.3 "Liste de vos salariés". Thin: parse, call a service or selector, render."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from portail.core.concurrency import EditConflict, conflict_data
from portail.core.confirmation import Confirmation, confirmation_page, confirmed, form_carried
from portail.core.formatting import date_fr
from portail.core.ratelimit import rate_limited
from portail.core.tenancy import member_required
from portail.followup.determinants import DETERMINANTS, categorize_employee
from portail.reference import pcs_search as reference_pcs_search
from portail.workforce import selectors, services
from portail.workforce.forms import EmployeeForm, ExitForm, ListFilterForm, RehireForm, typed_date
from portail.workforce.models import ExitReason
from portail.workforce.nir import nir_access


def filters_from(request) -> tuple[selectors.EmployeeFilters, int, ListFilterForm]:
    form = ListFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    filters = selectors.EmployeeFilters(
        q=data.get("q") or "",
        category=data.get("category") or "",
        contract=data.get("contract") or "",
        status=data.get("status") or "presents",
        sort=data.get("sort") or "nom",
    )
    return filters, data.get("page") or 1, form


@member_required
@require_GET
def employee_list(request):
    filters, page_number, form = filters_from(request)
    # Lazy: read only when the table is not cached for this state of the member's data ({% member_fragment %}).
    page = SimpleLazyObject(
        lambda: selectors.employee_list(member=request.member, filters=filters, page=page_number)
    )
    context = {"page": page, "filters": filters, "filter_form": form, "query": _query(request, drop=("page",))}
    template = "workforce/_table.html" if request.htmx else "workforce/list.html"
    return render(request, template, context)


def _query(request, drop=()) -> str:
    params = request.GET.copy()
    for key in drop:
        params.pop(key, None)
    return params.urlencode()


def _save_employee(request, form, employee=None):
    data = dict(form.cleaned_data)
    version = data.pop("version", None)
    try:
        if employee is None:
            return services.employee_create(member=request.member, actor=request.user, data=data, request=request)
        return services.employee_update(employee=employee, actor=request.user, data=data, version=version,
                                        request=request)
    except EditConflict:
        raise  # a ValidationError too, but answered with its own page (409)
    except ValidationError as error:
        form.add_error(None, _duplicate_named(request, error))
        return None
    except IntegrityError:
        # The same NIR saved a moment ago by another request (double click, two tabs).
        form.add_error("nir", "Ce N° de Sécurité Sociale vient d'être enregistré pour un autre salarié de votre "
                              "entreprise : consultez la liste des salariés.")
        return None


def _duplicate_named(request, error: ValidationError) -> ValidationError:
    """Who already holds a typed NIR is said only to whom NIRs are shown in clear (`nir_access`)."""
    return services.duplicate_nir_disclosed(error=error, member=request.member,
                                            nir_full=nir_access(request.user, role=request.member_role) == "full")


def _conflict_form(request, employee, error) -> EmployeeForm:
    """Another user saved this employee meanwhile: this user's typing is kept, with the current version, so that
    saving again is a deliberate choice."""
    employee = selectors.employee_get(member=request.member, pk=employee.pk)
    form = EmployeeForm(conflict_data(request.POST, version=employee.version), employee=employee)
    form.is_valid()
    form.add_error(None, error.messages)
    return form


def _employee_form(request, employee=None):
    initial = EmployeeForm.initial_for(employee) if employee else {"determinants": ["NONE"]}
    form = EmployeeForm(request.POST or None, initial=initial, employee=employee)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            saved = _save_employee(request, form, employee)
        except EditConflict as error:
            saved, form, status = None, _conflict_form(request, employee, error), 409
        if saved is not None:
            messages.success(request, f"Le salarié {saved} a été enregistré.")
            if form.nir_warning:
                messages.warning(request, form.nir_warning)
            return redirect("workforce:detail", pk=saved.pk)
    return render(
        request,
        "workforce/form.html",
        {
            "form": form,
            "employee": employee,
            "decision": _typed_decision(form.data) if form.is_bound else _decision(initial["determinants"], employee),
            "determinants": DETERMINANTS,
        },
        status=status,
    )


def _decision(codes, employee=None, birth_date=None, hire_date=None):
    """The category shown to the member: the boxes and the worker's age (R4624-17, R4624-18)."""
    if employee is not None:
        birth_date, hire_date = employee.birth_date, employee.hire_date
    known = {d.code for d in DETERMINANTS}
    return categorize_employee(codes=[c for c in codes if c in known], birth_date=birth_date,
                               hire_date=hire_date, today=timezone.localdate())


def _typed_decision(data):
    """From the fields as they are being typed (the form, or the htmx preview of its boxes)."""
    return _decision(data.getlist("determinants"), birth_date=typed_date(data.get("birth_date")),
                     hire_date=typed_date(data.get("hire_date")))


@sensitive_post_parameters("nir")
@member_required
@require_http_methods(["GET", "POST"])
def employee_create(request):
    return _employee_form(request)


@sensitive_post_parameters("nir")
@member_required
@require_http_methods(["GET", "POST"])
def employee_edit(request, pk: int):
    return _employee_form(request, selectors.employee_get(member=request.member, pk=pk))


@member_required
@require_GET
def employee_detail(request, pk: int):
    employee = selectors.employee_get(member=request.member, pk=pk)
    return render(
        request,
        "workforce/detail.html",
        {
            "employee": employee,
            "history": selectors.employee_history(employee=employee),
            "decision": _decision(employee.determinants, employee),
            "nir_full": nir_access(request.user, role=request.member_role) == "full",
        },
    )


@member_required
@rate_limited("nir_reveal")
@require_POST
def nir_reveal(request, pk: int):
    employee = selectors.employee_get(member=request.member, pk=pk)
    if nir_access(request.user, role=request.member_role) != "full":
        # The same rule as the exports: whoever gets them masked cannot reveal them one at a time.
        raise PermissionDenied
    value = services.employee_nir_reveal(employee=employee, actor=request.user, request=request)
    response = render(request, "workforce/_nir.html", {"employee": employee, "nir": value})
    response["Cache-Control"] = "no-store"
    return response


@member_required
@require_http_methods(["GET", "POST"])
def employee_exit(request, pk: int):
    employee = selectors.employee_get(member=request.member, pk=pk)
    form = ExitForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if not confirmed(request):
            return confirmation_page(request, confirmation=Confirmation(
                title=f"Sortir {employee} de votre effectif ?",
                consequence="ses rendez-vous et demandes après cette date seront annulés. Vous pourrez le réembaucher "
                            "depuis la liste des anciens salariés.",
                confirm_label="Oui, sortir le salarié", cancel_url=reverse("workforce:list"),
                details=[("Date de sortie", date_fr(form.cleaned_data["exit_date"])),
                         ("Motif", ExitReason(form.cleaned_data["exit_reason"]).label)],
                hidden=form_carried(form)))
        try:
            employee = services.employee_exit(employee=employee, actor=request.user, request=request,
                                              **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            exit_messages(request, employee)
            return redirect("workforce:list")
    return render(request, "workforce/exit.html", {"employee": employee, "form": form})


def exit_messages(request, employee) -> None:
    """What the member reads after an exit: the exit itself, then each appointment or request it changed."""
    if employee.has_left:
        messages.success(request, f"Le salarié {employee} est sorti de votre effectif.")
    elif employee.exit_date == timezone.localdate():
        messages.success(request, f"Le salarié {employee} quitte votre effectif ce soir : aujourd'hui est son dernier "
                                  "jour de présence.")
    else:
        messages.success(request, f"La sortie de {employee} est prévue le {employee.exit_date:%d/%m/%Y} : il reste "
                                  "dans votre effectif jusqu'à cette date.")
    for sentence in getattr(employee, "exit_consequences", []):
        messages.info(request, sentence)


@member_required
@require_http_methods(["GET", "POST"])
def employee_rehire(request, pk: int):
    employee = selectors.employee_get(member=request.member, pk=pk)
    form = RehireForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.employee_rehire(employee=employee, actor=request.user, request=request, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"Le salarié {employee} fait de nouveau partie de votre effectif.")
            return redirect("workforce:detail", pk=employee.pk)
    return render(request, "workforce/rehire.html", {"employee": employee, "form": form})


@member_required
@require_POST
def category_preview(request):
    """htmx: the declared category recomputed from the ticked boxes and the birth date, before saving."""
    return render(request, "workforce/_category.html", {"decision": _typed_decision(request.POST)})


@member_required
@require_GET
def pcs_search(request):
    query = request.GET.get("pcs_code", "")[:60].strip()
    results = reference_pcs_search(query=query, limit=15) if len(query) >= 2 else []
    return render(request, "workforce/_pcs_options.html", {"results": results})
