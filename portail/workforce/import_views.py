"""Bulk import screens: upload → column mapping (remembered per member) → preview (counts and
errors) → apply all or nothing, or cancel. Large files are applied by a background task whose
progress the page polls.

The uploaded bytes wait in the session-bound storage between the steps; they are parsed again
at each step so nothing computed client-side is trusted. They hold clear NIRs, so they are deleted as
soon as the import is applied, cancelled or refused (or, for a background job, when the job ends); a file
left by an abandoned import goes with the nightly `purge_import_files` (24 h)."""

from __future__ import annotations

import secrets

from django.contrib import messages
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from portail.core import ratelimit
from portail.core.ratelimit import rate_limited
from portail.core.tenancy import member_required
from portail.workforce import import_files, import_tasks, imports, nir
from portail.workforce.forms import ImportForm, ImportMappingForm
from portail.workforce.import_rejects import rejected_rows_response
from portail.workforce.models import ImportJob

SESSION_KEY = "workforce_import"


def _stash(request, name: str, content: bytes) -> None:
    _discard(request)
    # The file holds clear NIRs and names: at rest, encrypted with the NIR's key, like a parsed DSN.
    path = default_storage.save(f"imports/{request.member.pk}/{secrets.token_hex(16)}",
                                ContentFile(nir.encrypt_bytes(content)))
    request.session[SESSION_KEY] = {"path": path, "name": name, "member": request.member.pk, "mapping": None}


def _stash_get(request) -> dict | None:
    stash = request.session.get(SESSION_KEY)
    if not stash or stash.get("member") != request.member.pk or not default_storage.exists(stash["path"]):
        return None
    return stash


def _stashed(request) -> tuple[dict, bytes] | None:
    stash = _stash_get(request)
    if stash is None:
        return None
    with default_storage.open(stash["path"], "rb") as handle:
        content = nir.decrypt_bytes(handle.read())
    return None if content is None else (stash, content)


def _discard(request) -> None:
    stash = request.session.pop(SESSION_KEY, None)
    if stash and default_storage.exists(stash["path"]):
        default_storage.delete(stash["path"])


def _nir_full(request) -> bool:
    """Whether a row's NIR may find the employee it updates (imports._Known): only for whom NIRs are shown in
    clear, as the employee form names who holds a typed NIR only to them."""
    return nir.nir_access(request.user, role=request.member_role) == "full"


def _nothing_pending(request):
    messages.error(request, "Aucun import en attente : déposez de nouveau votre fichier.")
    return redirect("workforce:import")


@member_required
@rate_limited("import")
@require_http_methods(["GET", "POST"])
def import_upload(request):
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > import_files.MAX_BYTES:
            form.add_error("file", "Le fichier dépasse la taille maximale de 5 Mo.")
        else:
            content = upload.read(import_files.MAX_BYTES + 1)
            try:
                import_files.read_rows(name=upload.name, content=content)
            except import_files.ImportRefused as error:
                form.add_error("file", str(error))
            else:
                _stash(request, upload.name, content)
                return redirect("workforce:import_mapping")
    return render(request, "workforce/import.html", {"form": form})


@member_required
@require_http_methods(["GET", "POST"])
def import_mapping(request):
    stashed = _stashed(request)
    if stashed is None:
        return _nothing_pending(request)
    stash, content = stashed
    try:
        header = import_files.read_rows(name=stash["name"], content=content)[0]
    except import_files.ImportRefused as error:  # pragma: no cover - checked at upload already
        _discard(request)
        messages.error(request, str(error))
        return redirect("workforce:import")
    if request.method == "POST" and not ratelimit.hit(scope="import", request=request):
        # Each submission validates the whole file again: counted like an upload.
        return render(request, "core/rate_limited.html", status=429)
    initial = stash["mapping"] or imports.mapping_initial(member=request.member, header=header)
    form = ImportMappingForm(request.POST or None, header=header, initial_mapping=initial)
    if request.method == "POST" and form.is_valid():
        mapping = form.mapping()
        imports.import_mapping_remember(member=request.member, header=header, mapping=mapping)
        stash["mapping"] = mapping
        request.session[SESSION_KEY] = stash
        try:
            plan = imports.plan_import(member=request.member, name=stash["name"], content=content, mapping=mapping,
                                       nir_full=_nir_full(request))
        except import_files.ImportRefused as error:  # pragma: no cover - the form checked the mapping
            form.add_error(None, str(error))
        else:
            return render(request, "workforce/import_preview.html", {"plan": plan, "name": stash["name"]})
    return render(request, "workforce/import_mapping.html", {"form": form, "name": stash["name"]})


@member_required
@require_POST
def import_apply(request):
    stashed = _stashed(request)
    if stashed is None:
        return _nothing_pending(request)
    stash, content = stashed
    if not stash.get("mapping"):
        return redirect("workforce:import_mapping")
    valid_only = request.POST.get("valid_only") == "1"
    try:
        rows = len(import_files.read_rows(name=stash["name"], content=content)) - 1
        if rows > import_tasks.background_threshold():
            # The file now belongs to the job; only the session entry goes.
            request.session.pop(SESSION_KEY, None)
            job = import_tasks.import_job_start(
                member=request.member,
                actor=request.user,
                name=stash["name"],
                path=stash["path"],
                mapping=stash["mapping"],
                total=rows,
                valid_only=valid_only,
            )
            return redirect("workforce:import_job", pk=job.pk)
        plan = imports.plan_import(member=request.member, name=stash["name"], content=content, mapping=stash["mapping"],
                                   nir_full=_nir_full(request))
        rejected = plan.count("error")
        plan = imports.import_apply(member=request.member, actor=request.user, plan=plan, request=request,
                                    valid_only=valid_only)
    except import_files.ImportRefused as error:
        # Refused: the file goes (it holds clear NIRs); the user uploads the corrected one.
        _discard(request)
        messages.error(request, str(error))
        return redirect("workforce:import")
    _discard(request)
    messages.success(
        request,
        f"Import terminé : {plan.count('create')} nouveaux salariés, {plan.count('update')} modifiés, "
        f"{plan.count('exit')} sortis" + (f", {rejected} lignes rejetées non importées." if valid_only else "."),
    )
    return redirect("workforce:list")


@member_required
@require_POST
def import_cancel(request):
    _discard(request)
    messages.info(request, "Import annulé : rien n'a été modifié.")
    return redirect("workforce:list")


@member_required
@require_GET
def import_job(request, pk: int):
    job = get_object_or_404(ImportJob, pk=pk, member=request.member)
    return render(request, "workforce/import_job.html", {"job": job})


@member_required
@require_GET
def import_job_progress(request, pk: int):
    job = get_object_or_404(ImportJob, pk=pk, member=request.member)
    return render(request, "workforce/_import_progress.html", {"job": job})


@member_required
@require_GET
def import_rejected(request):
    """The rows in error of the pending file, as it was, with an « Erreur » column: to fix and import again."""
    stashed = _stashed(request)
    if stashed is None or not stashed[0].get("mapping"):
        return _nothing_pending(request)
    stash, content = stashed
    try:
        return rejected_rows_response(request, name=stash["name"], content=content, mapping=stash["mapping"],
                                      nir_full=_nir_full(request))
    except import_files.ImportRefused as error:  # pragma: no cover - the file was read at upload
        messages.error(request, str(error))
        return redirect("workforce:import")
