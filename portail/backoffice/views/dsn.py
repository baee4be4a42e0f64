"""« Déposer une DSN » for a member, from its page in the back office (issue 20): staff acting for a member that
cannot, e.g. on the phone with its payroll manager. Same steps as the member's own screens (upload → preview →
apply or cancel) and the same rules: the file's establishments must be the member's or grouped with it, the
parsed result is kept until apply or cancel, and a large file is applied by a background job."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.files.storage import default_storage
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from portail.backoffice.access import staff_required
from portail.backoffice.models import StaffRole
from portail.dsn import DsnError
from portail.members.models import Member
from portail.workforce import dsn_sync, dsn_views, import_tasks
from portail.workforce.forms import DsnChoiceForm, DsnUploadForm

SESSION_KEY = "backoffice_dsn"
ROLE = StaffRole.RECEPTION


def _pending(request) -> dict[str, dict[str, Any]]:
    return dict(request.session.get(SESSION_KEY) or {})


@staff_required(role=ROLE)
@require_http_methods(["GET", "POST"])
def dsn_upload(request, pk: int):
    member = get_object_or_404(Member, pk=pk)
    form = DsnUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        pending = dsn_views.dsn_files_accept(request, form, member=member, key=SESSION_KEY)
        if pending is not None:
            mine = [e for e in pending.values() if e["member"] == member.pk]
            if len(mine) == 1:
                return redirect("backoffice:dsn_preview", pk=member.pk, token=mine[0]["token"])
            return redirect("backoffice:dsn_upload", pk=member.pk)
    entries = sorted(_pending(request).values(), key=lambda e: (e["member_name"], e["month"]))
    return render(request, "backoffice/dsn/upload.html", {"member": member, "form": form, "entries": entries})


def _entry(request, pk: int, token: str) -> dict[str, Any]:
    """A file this staff session dropped, for this member; anything else is a 404."""
    entry = _pending(request).get(token)
    if entry is None or entry["member"] != pk or not default_storage.exists(entry["path"]):
        raise Http404
    return entry


def _refused(request, member: Member, entry: dict[str, Any], error: DsnError):
    dsn_views.dsn_discard(request, entry["token"], SESSION_KEY)
    messages.error(request, f"« {entry['name']} » : {error} Rien n'a été enregistré.")
    return redirect("backoffice:dsn_upload", pk=member.pk)


def _nir_full(request, member: Member) -> bool:
    return dsn_sync.dsn_nir_full(user=request.user, member_id=member.pk, back_office=True)


@staff_required(role=ROLE)
@require_GET
def dsn_preview(request, pk: int, token: str):
    member = get_object_or_404(Member, pk=pk)
    entry = _entry(request, pk, token)
    try:
        dsn = dsn_views.dsn_read(entry["path"])
    except DsnError as error:
        return _refused(request, member, entry, error)
    context = dsn_views.dsn_preview_context(entry, member, dsn, nir_full=_nir_full(request, member))
    context.update(member=member, apply_url=reverse("backoffice:dsn_apply", args=[pk, token]),
                   cancel_url=reverse("backoffice:dsn_cancel", args=[pk, token]))
    return render(request, "backoffice/dsn/preview.html", context)


@staff_required(role=ROLE)
@require_POST
def dsn_apply(request, pk: int, token: str):
    member = get_object_or_404(Member, pk=pk)
    entry = _entry(request, pk, token)
    form = DsnChoiceForm(request.POST)
    form.is_valid()
    choice = dsn_sync.DsnChoice(actions=frozenset(form.cleaned_data.get("actions") or ()), excluded=form.excluded())
    if entry["individuals"] > import_tasks.background_threshold():
        import_tasks.dsn_job_start(
            member=member, actor=request.user, name=entry["name"],
            path=dsn_views.dsn_handed_over(request, entry, SESSION_KEY, member_id=member.pk),
            choice={"actions": sorted(choice.actions), "excluded": sorted(choice.excluded)},
            total=entry["individuals"])
        messages.success(request, f"DSN en cours d'application en arrière-plan ({entry['individuals']} salariés) : "
                                  f"la liste des salariés de l'adhérent sera à jour dans quelques instants.")
        return redirect("backoffice:member_detail", pk=member.pk)
    try:
        dsn = dsn_views.dsn_read(entry["path"])
        establishments = [e for e in dsn.establishments if e.siret == member.siret]
        plan = dsn_sync.dsn_apply(member=member, actor=request.user, dsn=dsn, establishments=establishments,
                                  choice=choice, nir_full=_nir_full(request, member), request=request)
    except DsnError as error:
        return _refused(request, member, entry, error)
    dsn_views.dsn_discard(request, token, SESSION_KEY)
    counts = {a: plan.count(a) for a in dsn_sync.ACTIONS}
    messages.success(request, f"DSN de {dsn_sync.dsn_month_label(plan.month)} appliquée : {counts['create']} "
                              f"entrées, {counts['exit']} sorties, {counts['update']} modifications, "
                              f"{counts['rehire']} réembauches.")
    return redirect("backoffice:member_detail", pk=member.pk)


@staff_required(role=ROLE)
@require_POST
def dsn_cancel(request, pk: int, token: str):
    _entry(request, pk, token)
    dsn_views.dsn_discard(request, token, SESSION_KEY)
    messages.info(request, "Import de la DSN annulé : rien n'a été modifié.")
    return redirect("backoffice:member_detail", pk=pk)
