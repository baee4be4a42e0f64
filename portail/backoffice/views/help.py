"""The staff user guide (« Aide » in the back office)."""

from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET

from portail.backoffice.access import staff_required
from portail.help import guide
from portail.help.views import render_section


@require_GET
@staff_required()
def index(request):
    return render(request, "backoffice/help/index.html", {"sections": guide.sections("personnel")})


@require_GET
@staff_required()
def section(request, section_id):
    found = guide.section_get("personnel", section_id)
    if found is None:
        raise Http404
    return render_section(request, found, "backoffice/help/section.html", layout="backoffice/base.html")
