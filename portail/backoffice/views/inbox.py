"""The unified inbox: every kind of member request, listed, read, commented, assigned and answered."""


from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from portail.backoffice import forms, inbox, selectors, services
from portail.backoffice.access import staff_required
from portail.backoffice.permissions import may_handle
from portail.core.concurrency import EditConflict, conflict_data
from portail.members.models import RequestStatus


def _sources_for(user) -> list:
    """The kinds of request this staff role handles (permissions.KIND_ROLES): the only ones it sees."""
    return [source for source in inbox.sources() if may_handle(user, source.key)]


def _item_get(request, source: str, pk: int):
    # The kind is checked before the object is read: a refused role learns nothing of which items exist.
    if not may_handle(request.user, source):
        raise PermissionDenied
    return selectors.inbox_item_get(source_key=source, pk=pk)


@staff_required()
def inbox_list(request):
    sources = _sources_for(request.user)
    form = forms.InboxFilterForm(request.GET or None, sources=sources)
    filters = form.cleaned_data if form.is_valid() else {}
    profile = getattr(request.user, "staff_profile", None)
    items = selectors.inbox_items(
        source_key=filters.get("type", ""), status=filters.get("status", ""), overdue=filters.get("overdue", False),
        care_team=profile.care_team if profile and filters.get("my_team") else None, sources=sources,
    )
    assignees = selectors.assignees_for(items)
    rows = [(item, assignees.get(item.key)) for item in items]
    if filters.get("assigned") == "me":
        rows = [(item, assignee) for item, assignee in rows if assignee == request.user]
    elif filters.get("assigned") == "none":
        rows = [(item, assignee) for item, assignee in rows if assignee is None]
    context = {"form": form, "rows": rows, "counts": selectors.inbox_counts(sources=sources)}
    return render(request, "backoffice/inbox/list.html", context)


def _answer_initial(item) -> dict:
    answerable = {value for value, _ in forms.ANSWER_STATUSES}
    status = item.status if item.status in answerable else RequestStatus.DONE
    return {"status": status, "answer": getattr(item.obj, "answer", ""), "version": getattr(item.obj, "version", None)}


def _item_page(request, item, *, comment_form=None, answer_form=None, apply_form=None, status=200):
    assignee = selectors.assignees_for([item]).get(item.key)
    context = {
        "item": item,
        "assignee": assignee,
        "details": item.source.details(item.obj),
        "attachment": item.source.attachment(item.obj),
        "work_url": item.source.work_url(item.obj),
        "timeline": selectors.item_timeline(obj=item.obj),
        "comment_form": comment_form or forms.CommentForm(),
        "answer_form": answer_form or forms.AnswerForm(initial=_answer_initial(item)),
        "apply_form": apply_form if apply_form is not None else (
            item.source.apply_form(item.obj) if item.is_open else None),
    }
    return render(request, "backoffice/inbox/item.html", context, status=status)


@staff_required()
def item_detail(request, source: str, pk: int):
    return _item_page(request, _item_get(request, source, pk))


@staff_required()
def item_attachment(request, source: str, pk: int):
    item = _item_get(request, source, pk)
    attachment = item.source.attachment(item.obj)
    if not attachment:
        raise Http404
    name = attachment.name.rsplit("/", 1)[-1]
    services.attachment_download_record(obj=item.obj, actor=request.user, request=request)
    return FileResponse(attachment.open("rb"), as_attachment=True, filename=name)


@staff_required()
@require_POST
def item_comment(request, source: str, pk: int):
    item = _item_get(request, source, pk)
    form = forms.CommentForm(request.POST)
    if not form.is_valid():
        return _item_page(request, item, comment_form=form, status=400)
    services.inbox_comment_add(obj=item.obj, body=form.cleaned_data["body"], actor=request.user, request=request)
    messages.success(request, "Commentaire interne ajouté.")
    return redirect(item.url)


@staff_required()
@require_POST
def item_assign_me(request, source: str, pk: int):
    item = _item_get(request, source, pk)
    services.inbox_assign(obj=item.obj, assignee=request.user, actor=request.user, request=request)
    messages.success(request, "La demande vous est attribuée.")
    return redirect(item.url)


@staff_required()
@require_POST
def item_answer(request, source: str, pk: int):
    item = _item_get(request, source, pk)
    form = forms.AnswerForm(request.POST)
    apply_form = item.source.apply_form(item.obj, request.POST)
    apply_valid = apply_form is None or apply_form.is_valid()
    if form.is_valid() and apply_valid:
        apply_data = apply_form.cleaned_data if apply_form is not None and apply_form.applies else None
        try:
            services.inbox_answer(item=item, apply_data=apply_data, actor=request.user, request=request,
                                  **form.cleaned_data)
        except EditConflict as error:
            # Keep the loser's typing, but show the item as now stored (status, history) with its new
            # version, so that sending again is a deliberate choice.
            item = selectors.inbox_item_get(source_key=source, pk=pk)
            form = _conflict_form(request.POST, item)
            form.add_error(None, error.messages)
            if apply_form is not None and "member_version" in apply_form.fields:
                # The member's record changed meanwhile (e.g. they edited their address): same treatment.
                apply_form = item.source.apply_form(item.obj, conflict_data(
                    request.POST, version=item.member.version, field=apply_form.add_prefix("member_version")))
                apply_form.is_valid()
            return _item_page(request, item, answer_form=form, apply_form=apply_form, status=409)
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            applied = " Le dossier de l'adhérent est mis à jour." if apply_data is not None else ""
            messages.success(request, "Réponse enregistrée et envoyée à l'adhérent." + applied)
            return redirect(item.url)
    return _item_page(request, item, answer_form=form, apply_form=apply_form, status=400)


def _conflict_form(data, item) -> forms.AnswerForm:
    form = forms.AnswerForm(conflict_data(data, version=getattr(item.obj, "version", "")))
    form.is_valid()
    return form


# --- members -------------------------------------------------------------------------------

