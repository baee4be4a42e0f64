"""« Importer une DSN »: upload (several files at once for a mandataire) → preview of the changes → apply or cancel.

Each file is read once, at upload; its parsed result is kept in storage under `imports/` (the nightly
`purge_import_files` removes what an abandoned import leaves) and listed in the session, once per member it
concerns: a file may hold a grouped member's establishments, or be dropped by a mandataire for a client other
than the current one. The parsed result is read back at each step, and deleted once every member it concerns
has applied or cancelled (it holds NIRs, encrypted: `dsn_stored`).
"""

from __future__ import annotations

import secrets
from typing import Any

from django.contrib import messages
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from portail.accounts.selectors import member_accessible
from portail.core.ratelimit import rate_limited
from portail.core.tenancy import member_required, set_current_member
from portail.dsn import DsnError, DsnFile, parse_dsn
from portail.workforce import dsn_sync, import_tasks
from portail.workforce.dsn_stored import dsn_seal, dsn_unseal
from portail.workforce.forms import DsnChoiceForm, DsnUploadForm

SESSION_KEY = "workforce_dsn"
MAX_BYTES = 300 * 1024 * 1024
SHOWN = 200  # rows drawn per kind of change; the others are applied or not with their kind


def _pending(request, key: str = SESSION_KEY) -> dict[str, dict[str, Any]]:
    return dict(request.session.get(key) or {})


def dsn_read(path: str) -> DsnFile:
    with default_storage.open(path, "rb") as handle:
        return dsn_unseal(handle.read())


def dsn_accept(*, upload, routes_for, folder: int) -> list[dict[str, Any]]:
    """Read one uploaded file (once: what is kept is the parsed result, not the file) and return its pending
    entries (one per member), or raise DsnError."""
    if upload.size > MAX_BYTES:
        raise DsnError("le fichier dépasse 300 Mo : ce n'est pas une DSN mensuelle.")
    upload.seek(0)
    dsn = parse_dsn(upload)
    routes = dsn_sync.dsn_route(dsn=dsn, allowed=routes_for)
    path = default_storage.save(f"imports/{folder}/dsn-{secrets.token_hex(16)}", ContentFile(dsn_seal(dsn)))
    names = dict(routes_for.filter(pk__in=routes).values_list("pk", "name"))
    return [{"token": secrets.token_urlsafe(12), "path": path, "name": upload.name[:120], "member": member_id,
             "member_name": names[member_id], "month": dsn.month.isoformat(),
             "individuals": sum(len(e.individuals) for e in establishments)}
            for member_id, establishments in routes.items()]


@member_required
@rate_limited("import")
@require_http_methods(["GET", "POST"])
def dsn_upload(request):
    form = DsnUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        pending = dsn_files_accept(request, form, member=request.member)
        if pending is not None:
            mine = [e for e in pending.values() if e["member"] == request.member.pk]
            if len(pending) == 1 and mine:
                return redirect("workforce:dsn_preview", token=mine[0]["token"])
            return redirect("workforce:dsn_pending")
    return render(request, "workforce/dsn_upload.html", {"form": form, "pending": _pending(request)})


def dsn_files_accept(request, form: DsnUploadForm, *, member, key: str = SESSION_KEY) -> dict[str, dict[str, Any]] | None:
    """Each file of a valid upload form, read and stored, joins the session's pending files (`key`): the member's
    and staff's uploads alike. A refused file is an error of the form, named; the pending files when none was."""
    allowed = dsn_sync.dsn_allowed_members(user=request.user, member=member)
    pending, refused = _pending(request, key), []
    for upload in form.cleaned_data["files"]:
        try:
            entries = dsn_accept(upload=upload, routes_for=allowed, folder=member.pk)
        except DsnError as error:
            refused.append(f"« {upload.name} » : {error}")
        else:
            pending.update({entry["token"]: entry for entry in entries})
    request.session[key] = pending
    for message in refused:
        form.add_error("files", message)
    return None if refused else pending


@member_required
@require_GET
def dsn_pending(request):
    entries = sorted(_pending(request).values(), key=lambda e: (e["member_name"], e["month"]))
    return render(request, "workforce/dsn_pending.html", {"entries": entries})


def _entry(request, token: str) -> dict[str, Any]:
    """The pending file of the current member; another member's (or none) is a 404."""
    entry = _pending(request).get(token)
    if entry is None or entry["member"] != request.member.pk or not default_storage.exists(entry["path"]):
        raise Http404
    return entry


@member_required
@require_POST
def dsn_open(request, token: str):
    """Act for the member the file concerns (a mandataire's other client), then show its preview."""
    entry = _pending(request).get(token)
    member = entry and member_accessible(user=request.user, member_id=entry["member"])
    if not member:
        raise Http404
    set_current_member(request, member)
    return redirect("workforce:dsn_preview", token=token)


def _establishments(request, dsn: DsnFile):
    return [e for e in dsn.establishments if e.siret == request.member.siret]


def _refused(request, entry: dict[str, Any], error: DsnError):
    dsn_discard(request, entry["token"])
    messages.error(request, f"« {entry['name']} » : {error} Rien n'a été enregistré.")
    return redirect("workforce:dsn_upload")


@member_required
@require_GET
def dsn_preview(request, token: str):
    entry = _entry(request, token)
    try:
        dsn = dsn_read(entry["path"])
    except DsnError as error:  # the stored file changed under us: refuse as at upload
        return _refused(request, entry, error)
    context = dsn_preview_context(entry, request.member, dsn, nir_full=_nir_full(request))
    return render(request, "workforce/dsn_preview.html", context)


def _nir_full(request) -> bool:
    """The portal's answer of `dsn_sync.dsn_nir_full`, the same for the preview and the apply."""
    return dsn_sync.dsn_nir_full(user=request.user, member_id=request.member.pk, back_office=False)


def dsn_preview_context(entry: dict[str, Any], member, dsn: DsnFile, *, nir_full: bool) -> dict[str, Any]:
    """What workforce/_dsn_preview_body.html shows (the member's preview, and staff's)."""
    establishments = [e for e in dsn.establishments if e.siret == member.siret]
    plan = dsn_sync.dsn_plan(member=member, dsn=dsn, establishments=establishments, nir_full=nir_full)
    sections = [(action, label, plan.of(action)) for action, label in (
        ("create", "Nouveaux salariés (entrées)"), ("exit", "Sorties"), ("update", "Modifications"),
        ("rehire", "Réembauches"))]
    return {
        "entry": entry, "plan": plan, "month": dsn_sync.dsn_month_label(plan.month), "shown": SHOWN,
        "sections": [(a, label, rows[:SHOWN], len(rows), len(rows) > SHOWN) for a, label, rows in sections],
        "skipped": plan.of("skipped")[:SHOWN], "review": plan.of("review")[:SHOWN], "warned": [r for r in plan.rows if r.warnings][:SHOWN],
        "test_file": dsn.test,
    }


@member_required
@require_POST
def dsn_apply(request, token: str):
    entry = _entry(request, token)
    form = DsnChoiceForm(request.POST)
    form.is_valid()
    choice = dsn_sync.DsnChoice(actions=frozenset(form.cleaned_data.get("actions") or ()), excluded=form.excluded())
    if entry["individuals"] > import_tasks.background_threshold():
        job = import_tasks.dsn_job_start(
            member=request.member, actor=request.user, name=entry["name"], path=dsn_handed_over(request, entry),
            choice={"actions": sorted(choice.actions), "excluded": sorted(choice.excluded)},
            total=entry["individuals"])
        return redirect("workforce:import_job", pk=job.pk)
    try:
        dsn = dsn_read(entry["path"])
        plan = dsn_sync.dsn_apply(member=request.member, actor=request.user, dsn=dsn,
                                  establishments=_establishments(request, dsn), choice=choice,
                                  nir_full=_nir_full(request), request=request)
    except DsnError as error:
        return _refused(request, entry, error)
    dsn_discard(request, token)
    counts = {a: plan.count(a) for a in dsn_sync.ACTIONS}
    messages.success(request, f"DSN de {dsn_sync.dsn_month_label(plan.month)} appliquée : "
                              f"{dsn_sync.dsn_counts_text(counts)}.")
    if review := plan.count("review"):  # said again after the preview: these were left as they are
        them = "les" if review > 1 else "le"
        messages.warning(request, f"Salariés à vérifier, laissés tels quels : {review}. Vérifiez-{them} dans la liste "
                                  f"et corrigez-{them} à la main.")
    return redirect("workforce:list")


@member_required
@require_POST
def dsn_cancel(request, token: str):
    _entry(request, token)
    dsn_discard(request, token)
    messages.info(request, "Import de la DSN annulé : rien n'a été modifié.")
    return redirect("workforce:list")


def dsn_handed_over(request, entry: dict[str, Any], key: str = SESSION_KEY, *, member_id: int | None = None) -> str:
    """The stored file, now the background job's (it deletes it when done); a copy if another member's entry
    still needs it (a mandataire's file for several clients). The entry is forgotten."""
    pending = _pending(request, key)
    pending.pop(entry["token"], None)
    request.session[key] = pending
    if all(e["path"] != entry["path"] for e in pending.values()):
        return str(entry["path"])
    with default_storage.open(entry["path"], "rb") as handle:
        folder = member_id if member_id is not None else request.member.pk
        return default_storage.save(f"imports/{folder}/dsn-{secrets.token_hex(16)}",
                                    ContentFile(handle.read()))


def dsn_discard(request, token: str, key: str = SESSION_KEY) -> None:
    """Forget the entry; delete the file unless another member's entry still needs it."""
    pending = _pending(request, key)
    entry = pending.pop(token, None)
    request.session[key] = pending
    if entry and all(e["path"] != entry["path"] for e in pending.values()) and default_storage.exists(entry["path"]):
        default_storage.delete(entry["path"])
