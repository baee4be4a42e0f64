"""Tab 2.7 "Vos synthèses d'activité" and the minimal staff pages for recording workplace actions."""

from typing import cast

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.views.decorators.http import require_GET

from portail.activity import selectors, services
from portail.activity.charts import bar_chart
from portail.activity.forms import WorkplaceActionForm
from portail.activity.models import WorkplaceAction
from portail.activity.pdf import summary_pdf as render_summary_pdf
from portail.backoffice.access import staff_required
from portail.backoffice.navigation import CARE
from portail.core.tenancy import member_required
from portail.members.selectors import service_get


def _year(request, years: list[int]) -> int:
    """The ?annee= asked for if it is one the member can consult, else the current year: never a 500."""
    try:
        year = int(request.GET.get("annee", ""))
    except ValueError:
        return years[0]
    return year if year in years else years[0]


@require_GET
@member_required
def summary(request):
    years = selectors.activity_years(member=request.member)
    year = _year(request, years)
    # Lazy: read only when the page's block is not kept for this year ({% member_fragment %}).
    # The lazy object stands for the summary it reads.
    summary = cast(selectors.ActivitySummary,
                   SimpleLazyObject(lambda: selectors.activity_summary(member=request.member, year=year)))
    chart = lambda: bar_chart([(c.label, c.count) for c in summary.counts])  # noqa: E731
    return render(request, "activity/summary.html",
                  {"summary": summary, "year": year, "years": years, "chart": chart})


@require_GET
@member_required
def summary_pdf(request):
    year = _year(request, selectors.activity_years(member=request.member))
    summary = selectors.activity_summary(member=request.member, year=year)
    content = render_summary_pdf(summary=summary, service=service_get())
    response = HttpResponse(content, content_type="application/pdf")
    filename = f"synthese-activite-{summary.member.number}-{summary.year}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _document_response(action: WorkplaceAction) -> FileResponse:
    if not action.document:
        raise Http404
    name = f"action-{action.date:%Y-%m-%d}-{action.pk}.pdf"
    return FileResponse(action.document.open("rb"), as_attachment=True, filename=name,
                        content_type="application/pdf")


@require_GET
@member_required
def action_document(request, pk: int):
    return _document_response(selectors.workplace_action_get(member=request.member, pk=pk))


# --- staff ----------------------------------------------------------------------------------------


@require_GET
@staff_required(role=CARE)
def staff_actions(request):
    number = request.GET.get("adherent", "").strip()[:20]
    actions = selectors.staff_workplace_actions(number=number)[:200]
    return render(request, "activity/staff_actions.html", {"actions": actions, "number": number})


@staff_required(role=CARE)
def staff_action_create(request):
    form = WorkplaceActionForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            action = services.workplace_action_record(
                member=data.pop("member_number"), staff=list(data.pop("staff")), actor=request.user,
                request=request, **data,
            )
        except ValidationError as error:
            for field_name, errors in error.message_dict.items():
                form.add_error(field_name if field_name in form.fields else None, errors)
        else:
            messages.success(request, f"L'action « {action.title} » a été enregistrée pour {action.member}.")
            return redirect("activity:staff_actions")
    return render(request, "activity/staff_action_form.html", {"form": form})


@require_GET
@staff_required(role=CARE)
def staff_action_document(request, pk: int):
    return _document_response(get_object_or_404(WorkplaceAction.objects.all(), pk=pk))


@require_GET
@staff_required(role=CARE)
def staff_overdue_sheets(request):
    rows = selectors.overdue_company_sheets(today=timezone.localdate())
    return render(request, "activity/staff_overdue_sheets.html", {"rows": rows})
