"""Personal API tokens in the account area (« Accès API ») : created, shown once, revoked."""

from datetime import timedelta

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from portail.accounts import selectors, services
from portail.accounts.forms import API_ACCESS_LABELS, API_CAPABILITY_LABELS, ApiTokenForm
from portail.core.confirmation import Confirmation, confirmation_page
from portail.core.tenancy import member_required

DEFAULT_DAYS = 90


def _scope_text(scopes: dict) -> str:
    return ", ".join(f"{API_CAPABILITY_LABELS.get(cap, cap)} ({API_ACCESS_LABELS.get(access, access).lower()})"
                     for cap, access in scopes.items())


def _page(request, form=None, issued=None, status=200):
    context = {
        "tokens": [(token, _scope_text(token.scopes)) for token in selectors.api_tokens_of(user=request.user)],
        "form": form or ApiTokenForm(role=request.member_role,
                                     initial={"expires_on": timezone.localdate() + timedelta(days=DEFAULT_DAYS)}),
        "issued": issued,
        "now": timezone.now(),
    }
    return render(request, "accounts/api_tokens.html", context, status=status)


@member_required
def api_tokens(request):
    """GET: the account's tokens and the form; POST: a new token, whose text this answer alone shows."""
    if request.method != "POST":
        return _page(request)
    form = ApiTokenForm(request.POST, role=request.member_role)
    if form.is_valid():
        try:
            issued = services.api_token_create(user=request.user, role=request.member_role, request=request,
                                               name=form.cleaned_data["name"], scopes=form.scopes(),
                                               expires_on=form.cleaned_data["expires_on"])
        except ValidationError as error:
            for field, messages_ in error.message_dict.items():
                form.add_error(None if field == "scopes" else field, messages_)
        else:
            return _page(request, issued=issued)
    return _page(request, form=form, status=400)


@member_required
@require_http_methods(["GET", "POST"])
def api_token_revoke(request, pk: int):
    token = selectors.api_token_get(user=request.user, pk=pk)
    if request.method == "GET":
        return confirmation_page(request, confirmation=Confirmation(
            title="Révoquer ce jeton d'API ?",
            consequence="le logiciel qui l'utilise ne pourra plus appeler l'API ; un jeton révoqué ne se réactive pas.",
            confirm_label="Oui, révoquer le jeton", cancel_url=reverse("accounts:api_tokens"),
            details=[("Jeton", str(token))]))
    services.api_token_revoke(token=token, actor=request.user, request=request)
    messages.success(request, f"Jeton « {token.name} » révoqué : il ne fonctionne plus.")
    return redirect("accounts:api_tokens")
