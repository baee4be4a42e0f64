"""Structure and settings, administrators only: centres, care teams, their people, the service."""

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.db.models import Count
from django.forms import ModelForm
from django.http import Http404
from django.shortcuts import redirect, render

from portail.backoffice import forms_structure, services
from portail.backoffice.access import staff_required
from portail.backoffice.models import StaffRole
from portail.members.models import CareTeam, Centre, TeamMember


@dataclass(frozen=True)
class Kind:
    slug: str
    title: str  # plural, list heading
    singular: str
    new_label: str
    form: type[ModelForm[Any]]
    columns: tuple[tuple[str, str], ...]  # (heading, attribute)

    def queryset(self):
        model = self.form._meta.model
        if model is CareTeam:
            return CareTeam.objects.select_related("centre").annotate(
                people_count=Count("people", distinct=True), member_count=Count("member", distinct=True)
            ).order_by("name")
        if model is TeamMember:
            return TeamMember.objects.select_related("centre").order_by("last_name", "first_name")
        return Centre.objects.order_by("name")


KINDS = {
    "centres": Kind("centres", "Centres de visite", "centre", "Nouveau centre", forms_structure.CentreForm,
                    (("Nom", "name"), ("Ville", "city"), ("Téléphone", "phone"),
                     ("Calendrier", "calendar_region"))),
    "equipes": Kind("equipes", "Équipes pluridisciplinaires", "équipe", "Nouvelle équipe",
                    forms_structure.CareTeamForm,
                    (("Nom", "name"), ("Centre", "centre"), ("Personnes", "people_count"),
                     ("Adhérents suivis", "member_count"))),
    "personnes": Kind("personnes", "Personnes des équipes", "personne", "Nouvelle personne",
                      forms_structure.TeamMemberForm,
                      (("Nom", "__str__"), ("Fonction", "get_role_display"), ("Centre", "centre"),
                       ("E-mail", "email"))),
}


def _kind(slug: str) -> Kind:
    if slug not in KINDS:
        raise Http404
    return KINDS[slug]


def _cell(obj, attribute: str):
    value = getattr(obj, attribute)
    return value() if callable(value) else value


@staff_required(role=StaffRole.ADMIN)
def structure_list(request, kind: str):
    config = _kind(kind)
    rows = [(obj, [_cell(obj, attribute) for _, attribute in config.columns]) for obj in config.queryset()]
    return render(request, "backoffice/structure/list.html",
                  {"kind": config, "kinds": KINDS.values(), "rows": rows})


@staff_required(role=StaffRole.ADMIN)
def structure_edit(request, kind: str, pk: int | None = None):
    config = _kind(kind)
    instance = None
    if pk is not None:
        instance = config.queryset().filter(pk=pk).first()
        if instance is None:
            raise Http404
    form = config.form(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        saved = services.structure_save(form=form, actor=request.user, request=request)
        messages.success(request, f"« {saved} » enregistré(e).")
        return redirect("backoffice:structure_list", kind=config.slug)
    return render(request, "backoffice/structure/edit.html", {"kind": config, "form": form, "instance": instance},
                  status=400 if form.errors else 200)


@staff_required(role=StaffRole.ADMIN)
def service_settings(request):
    service = services.service_for_settings()
    form = forms_structure.ServiceForm(request.POST or None, request.FILES or None, instance=service)
    if request.method == "POST" and form.is_valid():
        services.structure_save(form=form, actor=request.user, request=request)
        messages.success(request, "Paramètres du service enregistrés.")
        return redirect("backoffice:service_settings")
    return render(request, "backoffice/structure/service_settings.html", {"form": form}, status=400 if form.errors else 200)
