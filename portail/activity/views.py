"""Tab 2.7 "Vos synthèses d'activité"."""

from typing import cast

from django.http import FileResponse, Http404
from django.shortcuts import render
from django.utils.functional import SimpleLazyObject
from django.views.decorators.http import require_GET

from portail.activity import selectors
from portail.activity.charts import bar_chart
from portail.activity.models import WorkplaceAction
from portail.activity.pdf import summary_pdf as render_summary_pdf
from portail.core.downloads import file_response
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
    return file_response(content=content, filename=f"synthese-activite-{summary.member.number}-{summary.year}.pdf")


def action_document_response(action: WorkplaceAction) -> FileResponse:
    if not action.document:
        raise Http404
    name = f"action-{action.date:%Y-%m-%d}-{action.pk}.pdf"
    return FileResponse(action.document.open("rb"), as_attachment=True, filename=name,
                        content_type="application/pdf")


@require_GET
@member_required
def action_document(request, pk: int):
    return action_document_response(selectors.workplace_action_get(member=request.member, pk=pk))
