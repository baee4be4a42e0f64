"""The page that asks before an action that cannot be undone: shown by a GET of the action's own URL, so that it
works without JavaScript; its button POSTs to the same URL, which alone acts."""

from dataclasses import dataclass, field

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


@dataclass(frozen=True)
class Confirmation:
    title: str  # the question, e.g. "Supprimer ce contact ?"
    consequence: str  # what will happen, said plainly
    confirm_label: str  # the button, e.g. "Oui, supprimer le contact"
    cancel_url: str
    details: list[tuple[str, str]] = field(default_factory=list)  # (label, value) pairs that name the object
    hidden: dict[str, str] = field(default_factory=dict)  # what the POST carries besides the token
    base: str = "portal.html"  # the audience's layout: the portal's, or the back office's


def confirmation_page(request: HttpRequest, *, confirmation: Confirmation) -> HttpResponse:
    return render(request, "core/confirm.html", {"confirmation": confirmation})


def confirmed(request: HttpRequest) -> bool:
    """Whether the POST comes from the confirmation page's button (a form's first, unconfirmed, POST does not)."""
    return request.POST.get("confirme") == "oui"


def form_carried(form: forms.Form) -> dict[str, str]:
    """A bound form's raw input, for the confirmation page to post it again unchanged."""
    return {name: form.data.get(form.add_prefix(name), "") for name in form.fields}
