"""Bulk import screens: upload → preview (counts and errors) → apply all or nothing, or cancel.

The uploaded bytes wait in the session-bound storage between preview and apply; they are
parsed again at apply time so nothing computed client-side is trusted."""

from __future__ import annotations

import secrets

from django.contrib import messages
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from portail.core.ratelimit import rate_limited
from portail.core.tenancy import member_required
from portail.workforce import imports
from portail.workforce.forms import ImportForm

SESSION_KEY = "workforce_import"


def _stash(request, name: str, content: bytes) -> None:
    _discard(request)
    path = default_storage.save(f"imports/{request.member.pk}/{secrets.token_hex(16)}", ContentFile(content))
    request.session[SESSION_KEY] = {"path": path, "name": name, "member": request.member.pk}


def _stashed(request) -> tuple[str, bytes] | None:
    stash = request.session.get(SESSION_KEY)
    if not stash or stash.get("member") != request.member.pk or not default_storage.exists(stash["path"]):
        return None
    with default_storage.open(stash["path"], "rb") as handle:
        return stash["name"], handle.read()


def _discard(request) -> None:
    stash = request.session.pop(SESSION_KEY, None)
    if stash and default_storage.exists(stash["path"]):
        default_storage.delete(stash["path"])


@member_required
@rate_limited("import")
@require_http_methods(["GET", "POST"])
def import_upload(request):
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > imports.MAX_BYTES:
            form.add_error("file", "Le fichier dépasse la taille maximale de 5 Mo.")
        else:
            content = upload.read(imports.MAX_BYTES + 1)
            try:
                plan = imports.plan_import(member=request.member, name=upload.name, content=content)
            except imports.ImportRefused as error:
                form.add_error("file", str(error))
            else:
                _stash(request, upload.name, content)
                return render(request, "workforce/import_preview.html", {"plan": plan, "name": upload.name})
    return render(request, "workforce/import.html", {"form": form})


@member_required
@require_POST
def import_apply(request):
    stashed = _stashed(request)
    if stashed is None:
        messages.error(request, "Aucun import en attente : déposez de nouveau votre fichier.")
        return redirect("workforce:import")
    name, content = stashed
    try:
        plan = imports.plan_import(member=request.member, name=name, content=content)
        imports.import_apply(member=request.member, actor=request.user, plan=plan, request=request)
    except imports.ImportRefused as error:
        messages.error(request, str(error))
        return redirect("workforce:import")
    _discard(request)
    messages.success(
        request,
        f"Import terminé : {plan.count('create')} nouveaux salariés, {plan.count('update')} modifiés, "
        f"{plan.count('exit')} sortis.",
    )
    return redirect("workforce:list")


@member_required
@require_POST
def import_cancel(request):
    _discard(request)
    messages.info(request, "Import annulé : rien n'a été modifié.")
    return redirect("workforce:list")
