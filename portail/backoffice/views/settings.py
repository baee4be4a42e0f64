"""Settings screen, second tab: "Tarifs, délais et objectifs" (administrators only).

Each section is its own form posting `section=<key>`: saving one never touches the others, and an error
keeps what was typed in that section.
"""

from dataclasses import dataclass

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse

from portail.appointments.selectors import settings_get
from portail.backoffice import forms_settings, inbox, services
from portail.backoffice.access import staff_required
from portail.backoffice.models import StaffRole
from portail.billing.selectors import billing_settings_get
from portail.declarations.selectors import tariff_settings_get

TARGETS = "objectifs"


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    help: str
    form: type

    def instance(self):
        getters = {"rendez-vous": settings_get, "reservation": settings_get, "facturation": billing_settings_get,
                   "cotisations": tariff_settings_get}
        return getters[self.key]()


SECTIONS = (
    Section("rendez-vous", "Rendez-vous : délai d'annulation",
            "Affichés aux adhérents sur la page d'annulation et dans les convocations.",
            forms_settings.AppointmentRulesForm),
    Section("reservation", "Rendez-vous : réservation directe ou demande seulement",
            "Pour chaque type de visite : réservation directe sur un créneau libre, ou demande au service.",
            forms_settings.BookingRulesForm),
    Section("facturation", "Facturation : délais et pénalités",
            "Imprimés sur chaque facture émise à partir de maintenant.", forms_settings.BillingRulesForm),
    Section("cotisations", "Cotisations : tarifs de la prochaine campagne",
            "Proposés à l'ouverture de la prochaine campagne de déclaration ; une campagne déjà ouverte garde "
            "ses tarifs.", forms_settings.TariffRulesForm),
)


def _targets_form(data=None):
    sources = inbox.sources()
    table = inbox.target_table()
    current = {s.key: table.get(s.key, inbox.default_target_days(s.key)) for s in sources}
    return forms_settings.InboxTargetsForm(data, sources=sources, current=current, prefix=TARGETS)


@staff_required(role=StaffRole.ADMIN)
def rules_settings(request):
    posted = request.POST.get("section", "") if request.method == "POST" else ""
    forms = {s.key: s.form(request.POST if posted == s.key else None, instance=s.instance(), prefix=s.key)
             for s in SECTIONS}
    forms[TARGETS] = _targets_form(request.POST if posted == TARGETS else None)
    if posted in forms and forms[posted].is_valid():
        form = forms[posted]
        if posted == TARGETS:
            services.inbox_targets_save(targets=form.cleaned_data, actor=request.user, request=request)
            title = "Boîte de réception : délais cibles"
        else:
            title = next(s.title for s in SECTIONS if s.key == posted)
            services.rules_section_save(form=form, section=title, actor=request.user, request=request)
        messages.success(request, f"« {title} » enregistré.")
        return redirect(reverse("backoffice:rules_settings") + f"#{posted}")
    context = {"sections": [(s, forms[s.key]) for s in SECTIONS], "targets_form": forms[TARGETS],
               "targets_key": TARGETS}
    return render(request, "backoffice/settings/rules.html", context, status=400 if posted else 200)
