"""The audit log, for administrators."""


from django.core.paginator import Paginator
from django.shortcuts import render

from portail.backoffice import forms, selectors
from portail.backoffice.access import staff_required
from portail.backoffice.audit_labels import action_label
from portail.backoffice.models import StaffRole


@staff_required(role=StaffRole.ADMIN)
def audit_log(request):
    form = forms.AuditSearchForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    events = selectors.audit_events(**{k: v for k, v in filters.items() if v})
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    for event in page.object_list:
        event.label = action_label(event.action)
    querystring = request.GET.copy()
    querystring.pop("page", None)
    return render(request, "backoffice/audit/log.html",
                  {"form": form, "page": page, "querystring": querystring.urlencode()})


# --- staff management ----------------------------------------------------------------------

