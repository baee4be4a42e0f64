import base64
from io import BytesIO
from urllib.parse import urlencode

import django_otp
import qrcode
import qrcode.image.svg
from django.contrib import messages
from django.contrib.auth import login, logout
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST
from django_otp.plugins.otp_totp.models import TOTPDevice

from portail.backoffice import forms, inbox, selectors, services
from portail.backoffice.access import has_role, is_staff_account, second_factor_url, staff_required, touch
from portail.backoffice.models import StaffRole
from portail.backoffice.permissions import may_handle
from portail.core.concurrency import EditConflict, conflict_data
from portail.members.models import RequestStatus

NEXT_KEY = "backoffice_next"


# --- staff access --------------------------------------------------------------------------

def staff_login(request):
    if is_staff_account(request.user) and request.user.is_verified():
        return redirect("backoffice:inbox")
    form = forms.StaffLoginForm(request.POST or None, request=request)
    if request.method == "POST" and form.is_valid():
        login(request, form.user, backend="portail.accounts.backends.PortalBackend")
        touch(request)
        next_url = request.GET.get("next", "")
        if url_has_allowed_host_and_scheme(next_url, {request.get_host()}) and next_url.startswith("/gestion/"):
            request.session[NEXT_KEY] = next_url
        return redirect(second_factor_url(form.user))
    return render(request, "backoffice/login.html", {"form": form})


def _pending_staff(request):
    """The OTP steps need a password-authenticated staff account; anyone else starts over."""
    if not is_staff_account(request.user):
        return None
    return request.user


def _after_second_factor(request):
    return redirect(request.session.pop(NEXT_KEY, "") or "backoffice:inbox")


def otp_verify(request):
    user = _pending_staff(request)
    if user is None:
        return redirect("backoffice:login")
    if not TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        return redirect("backoffice:otp_enrol")
    form = forms.OtpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = django_otp.match_token(user, form.cleaned_data["token"])
        if device is not None:
            django_otp.login(request, device)
            touch(request)
            return _after_second_factor(request)
        services.otp_failure_record(user=user, request=request)
        form.add_error("token", "Code incorrect ou déjà utilisé.")
    return render(request, "backoffice/otp_verify.html", {"form": form})


def _qr_image(uri: str) -> str:
    """The QR code as an image address (an SVG in a data: URL), so that the page draws it as any other image."""
    image = qrcode.make(uri, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    buffer = BytesIO()
    image.save(buffer)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode()


def otp_enrol(request):
    user = _pending_staff(request)
    if user is None:
        return redirect("backoffice:login")
    if TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        return redirect("backoffice:otp_verify")
    device = services.totp_device_pending(user=user)
    form = forms.EnrolForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        codes = services.totp_device_confirm(user=user, device=device, token=form.cleaned_data["token"],
                                             request=request)
        if codes is not None:
            django_otp.login(request, device)
            touch(request)
            return render(request, "backoffice/backup_codes.html", {"codes": codes})
        form.add_error("token", "Code incorrect. Vérifiez l'heure de votre téléphone et réessayez.")
    secret = base64.b32encode(device.bin_key).decode()
    context = {"form": form, "qr_image": _qr_image(device.config_url), "secret": secret}
    return render(request, "backoffice/otp_enrol.html", context)


@require_POST
def staff_logout(request):
    logout(request)
    messages.success(request, "Vous êtes déconnecté du back office.")
    return redirect("backoffice:login")


@staff_required()
def backup_codes(request):
    """New backup codes on demand (the old ones stop working); shown once."""
    if request.method == "POST":
        codes = services.backup_codes_regenerate(user=request.user, request=request)
        return render(request, "backoffice/backup_codes.html", {"codes": codes, "in_shell": True})
    remaining = services.backup_codes_remaining(user=request.user)
    return render(request, "backoffice/backup_codes_manage.html", {"remaining": remaining})


# --- inbox ---------------------------------------------------------------------------------

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
    return render(request, "backoffice/inbox.html", context)


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
    return render(request, "backoffice/item.html", context, status=status)


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

@staff_required()
def member_list(request):
    form = forms.MemberSearchForm(request.GET or None)
    query = form.cleaned_data["q"] if form.is_valid() else ""
    profile = getattr(request.user, "staff_profile", None)
    members = selectors.members_search(query=query, care_team=profile.care_team if profile else None)
    page = Paginator(members, 50).get_page(request.GET.get("page"))
    querystring = urlencode({"q": query}) if query else ""
    context = {"form": form, "page": page, "querystring": querystring,
               "can_create": has_role(request.user, [StaffRole.RECEPTION])}
    return render(request, "backoffice/member_list.html", context)


@staff_required()
def member_detail(request, pk: int):
    context = selectors.member_detail(pk=pk)
    member = context["member"]
    is_admin = has_role(request.user, [])
    context.update(
        can_manage_accounts=has_role(request.user, [StaffRole.RECEPTION]),
        grant_form=forms.MandateGrantForm(),
        group_form=forms.GroupHeadForm(initial={"head": member.group_head.number if member.group_head else ""}),
        assignment_form=forms.MemberAssignmentForm(initial={"centre": member.centre, "care_team": member.care_team})
        if is_admin else None,
    )
    return render(request, "backoffice/member_detail.html", context)


# --- audit ---------------------------------------------------------------------------------

@staff_required(role=StaffRole.ADMIN)
def audit_log(request):
    form = forms.AuditSearchForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    events = selectors.audit_events(**{k: v for k, v in filters.items() if v})
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    querystring = request.GET.copy()
    querystring.pop("page", None)
    return render(request, "backoffice/audit_log.html",
                  {"form": form, "page": page, "querystring": querystring.urlencode()})


# --- staff management ----------------------------------------------------------------------

@staff_required(role=StaffRole.ADMIN)
def staff_list(request):
    return render(request, "backoffice/staff_list.html", {"accounts": selectors.staff_accounts()})


@staff_required(role=StaffRole.ADMIN)
def staff_edit(request, pk: int):
    account = selectors.staff_account_get(pk=pk)
    profile = getattr(account, "staff_profile", None)
    initial = {"role": profile.role, "care_team": profile.care_team} if profile else {}
    form = forms.StaffProfileForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.staff_profile_set(user=account, actor=request.user, request=request, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"Rôle de {account.display_name} enregistré.")
            return redirect("backoffice:staff_list")
    return render(request, "backoffice/staff_edit.html", {"account": account, "form": form},
                  status=400 if form.errors else 200)


@staff_required(role=StaffRole.ADMIN)
@require_POST
def staff_otp_reset(request, pk: int):
    account = selectors.staff_account_get(pk=pk)
    try:
        services.staff_second_factor_reset(user=account, actor=request.user, request=request)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, f"Second facteur de {account.display_name} réinitialisé : "
                                  "il l'enregistrera à sa prochaine connexion.")
    return redirect("backoffice:staff_list")
