"""The unified inbox: every kind of member request, listed, read, commented, assigned and answered."""


from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from portail.backoffice import forms, inbox, selectors, services
from portail.backoffice.access import staff_required
from portail.backoffice.models import ReplyTemplate
from portail.backoffice.permissions import may_handle
from portail.core.concurrency import EditConflict, conflict_data
from portail.core.formatting import count_fr
from portail.members.models import RequestStatus


def _sources_for(user) -> list:
    """The kinds of request this staff role handles (permissions.KIND_ROLES): the only ones it sees."""
    return [source for source in inbox.sources() if may_handle(user, source.key)]


def _item_get(request, source: str, pk: int):
    # The kind is checked before the object is read: a refused role learns nothing of which items exist.
    if not may_handle(request.user, source):
        raise PermissionDenied
    return selectors.inbox_item_get(source_key=source, pk=pk)


PAGE_SIZE = 50
# Column headers of the list: (label, sort key); a header link toggles its order.
COLUMNS = [("Type", "type"), ("Adhérent", "adherent"), ("Reçue le", "recue"), ("Échéance", "echeance"),
           ("Ancienneté / cible", "anciennete"), ("Statut", "statut")]


def _filtered_rows(request, sources, filters) -> list:
    profile = getattr(request.user, "staff_profile", None)
    items = selectors.inbox_items(
        source_key=filters.get("type", ""), status=filters.get("status", ""), overdue=filters.get("overdue", False),
        care_team=profile.care_team if profile and filters.get("my_team") else None, sources=sources,
        query=filters.get("q", ""), sort=filters.get("sort") or selectors.DEFAULT_SORT,
    )
    assignees = selectors.assignees_for(items)
    rows = [(item, assignees.get(item.key)) for item in items]
    if filters.get("assigned") == "me":
        rows = [(item, assignee) for item, assignee in rows if assignee == request.user]
    elif filters.get("assigned") == "none":
        rows = [(item, assignee) for item, assignee in rows if assignee is None]
    return rows


def _sort_headers(request, current: str) -> list[dict]:
    headers = []
    for label, key in COLUMNS:
        query = request.GET.copy()
        query.pop("page", None)
        query["sort"] = f"-{key}" if current == key else key
        direction = "ascending" if current == key else "descending" if current == f"-{key}" else "none"
        headers.append({"label": label, "url": "?" + query.urlencode(), "direction": direction})
    return headers


@staff_required()
def inbox_list(request):
    sources = _sources_for(request.user)
    form = forms.InboxFilterForm(request.GET or None, sources=sources)
    filters = form.cleaned_data if form.is_valid() else {}
    rows = _filtered_rows(request, sources, filters)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form, "page": page, "rows": page.object_list, "total": len(rows),
        "counts": selectors.inbox_counts(sources=sources), "querystring": query.urlencode(),
        "headers": _sort_headers(request, filters.get("sort") or selectors.DEFAULT_SORT),
        "bulk_form": forms.InboxBulkForm(), "saved_views": selectors.inbox_saved_views(user=request.user),
        "view_form": forms.SavedViewForm(initial={"query": query.urlencode()}),
    }
    return render(request, "backoffice/inbox/list.html", context)


def _back_to_list(request):
    query = request.POST.get("back", "")
    return redirect(reverse("backoffice:inbox") + (f"?{query}" if query else ""))


@staff_required()
@require_POST
def inbox_bulk(request):
    items = selectors.inbox_items_by_keys(keys=request.POST.getlist("items"), sources=_sources_for(request.user))
    form = forms.InboxBulkForm(request.POST)
    if not items:
        messages.error(request, "Cochez au moins une demande.")
    elif not form.is_valid():
        messages.error(request, " ".join(str(error) for errors in form.errors.values() for error in errors))
    elif form.cleaned_data["action"] == "assign":
        assignee = form.cleaned_data["assignee"]
        count = services.inbox_bulk_assign(items=items, assignee=assignee, actor=request.user, request=request)
        messages.success(request, f"{count} demande(s) attribuée(s) à {assignee.display_name}.")
    else:
        closed, refusals = services.inbox_bulk_close(items=items, answer=form.cleaned_data["answer"].strip(),
                                                     actor=request.user, request=request)
        messages.success(request, f"{count_fr(closed, 'demande clôturée')}, réponse envoyée aux adhérents.")
        for refusal in refusals:
            messages.error(request, f"Non clôturée : {refusal}")
    return _back_to_list(request)


@staff_required()
@require_POST
def saved_view_create(request):
    form = forms.SavedViewForm(request.POST)
    if form.is_valid():
        services.inbox_saved_view_create(name=form.cleaned_data["name"], query=form.cleaned_data["query"],
                                         actor=request.user, request=request)
        messages.success(request, f"Vue « {form.cleaned_data['name']} » enregistrée.")
    else:
        messages.error(request, "Donnez un nom à la vue (60 caractères au plus).")
    return redirect(reverse("backoffice:inbox") + (f"?{form.data.get('query', '')}" if form.data.get("query") else ""))


@staff_required()
@require_POST
def saved_view_delete(request, pk: int):
    view = get_object_or_404(selectors.inbox_saved_views(user=request.user), pk=pk)
    services.inbox_saved_view_delete(view=view, actor=request.user, request=request)
    messages.success(request, f"Vue « {view.name} » supprimée.")
    return redirect("backoffice:inbox")


@staff_required()
def reply_templates(request):
    sources = inbox.sources()
    form = forms.ReplyTemplateForm(request.POST or None, sources=sources)
    if request.method == "POST" and form.is_valid():
        services.reply_template_create(actor=request.user, request=request, **form.cleaned_data)
        messages.success(request, "Modèle de réponse créé.")
        return redirect("backoffice:inbox_templates")
    labels = {source.key: source.label for source in sources}
    templates = [(template, labels.get(template.source_key, "Tous les types"))
                 for template in selectors.reply_templates()]
    return render(request, "backoffice/inbox/templates.html", {"form": form, "templates": templates},
                  status=400 if form.is_bound else 200)


@staff_required()
@require_POST
def reply_template_delete(request, pk: int):
    template = get_object_or_404(ReplyTemplate, pk=pk)
    services.reply_template_delete(template=template, actor=request.user, request=request)
    messages.success(request, f"Modèle « {template.title} » supprimé.")
    return redirect("backoffice:inbox_templates")


def _answer_initial(item, template: ReplyTemplate | None = None) -> dict:
    answerable = {value for value, _ in forms.ANSWER_STATUSES}
    status = item.status if item.status in answerable else RequestStatus.DONE
    answer = template.body if template is not None else getattr(item.obj, "answer", "")
    return {"status": status, "answer": answer, "version": getattr(item.obj, "version", None)}


def _chosen_template(request, item) -> ReplyTemplate | None:
    """?modele=<id> fills the answer with a reply template: a plain link, so it works without JavaScript."""
    chosen = request.GET.get("modele", "")
    if not chosen.isdigit():
        return None
    return selectors.reply_templates(source_key=item.source.key).filter(pk=int(chosen)).first()


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
        "answer_form": answer_form or forms.AnswerForm(initial=_answer_initial(item, _chosen_template(request, item))),
        "templates": selectors.reply_templates(source_key=item.source.key),
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
            return _after_answer(request, item)
    return _item_page(request, item, answer_form=form, apply_form=apply_form, status=400)


def _after_answer(request, item):
    """"Répondre et suivant" opens the next request of the queue; the plain button stays on the item."""
    if "next" not in request.POST:
        return redirect(item.url)
    following = selectors.inbox_next_item(after=item.key, sources=_sources_for(request.user))
    if following is None:
        messages.info(request, "Plus aucune demande à traiter.")
        return redirect("backoffice:inbox")
    return redirect(following.url)


def _conflict_form(data, item) -> forms.AnswerForm:
    form = forms.AnswerForm(conflict_data(data, version=getattr(item.obj, "version", "")))
    form.is_valid()
    return form


# --- members -------------------------------------------------------------------------------

