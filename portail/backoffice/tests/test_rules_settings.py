"""Settings screen "Tarifs, délais et objectifs": administrators edit the rules, validated in French, audited,
and the member's side follows."""

from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from portail.appointments.models import AppointmentSettings
from portail.appointments.selectors import settings_get
from portail.audit.models import Event
from portail.backoffice import inbox
from portail.backoffice.models import StaffRole
from portail.backoffice.selectors import inbox_item_get
from portail.backoffice.tests.factories import login_verified, staff_with_device
from portail.backoffice.tests.helpers import submit_change
from portail.billing.selectors import billing_settings_get
from portail.declarations.forms import CampaignForm

pytestmark = pytest.mark.django_db
URL = reverse("backoffice:rules_settings")


@pytest.fixture
def admin(db):
    return login_verified(Client(), *staff_with_device(StaffRole.ADMIN))


def _appointments(**values):
    data = {"section": "rendez-vous", "rendez-vous-cancellation_days": "2", "rendez-vous-cutoff_hour": "18",
            "rendez-vous-no_show_policy": AppointmentSettings._meta.get_field("no_show_policy").default}
    data.update({f"rendez-vous-{k}": v for k, v in values.items()})
    return data


def test_the_page_shows_every_section_with_the_current_values(admin):
    html = admin.get(URL).content.decode()
    for text in ("Tarifs, délais et objectifs", "Rendez-vous : délai d&#x27;annulation", "Facturation",
                 "Cotisations : tarifs de la prochaine campagne", "délais cibles de traitement",
                 "Changement de situation", "Demande de rendez-vous", "Demande d&#x27;annulation"):
        assert text in html, text
    assert 'name="rendez-vous-cancellation_days" value="2"' in html


@pytest.mark.parametrize("role", [StaffRole.RECEPTION, StaffRole.ACCOUNTING, StaffRole.DOCTOR])
def test_only_administrators_get_in(role):
    client = login_verified(Client(), *staff_with_device(role))
    assert client.get(URL).status_code == 403
    assert client.post(URL, _appointments(cancellation_days="9")).status_code == 403
    assert settings_get().cancellation_days == 2


def test_a_new_cancellation_limit_is_audited_and_shown_to_members(admin, client_a):
    response = admin.post(URL, _appointments(cancellation_days="3", cutoff_hour="12"))
    assert response.status_code == 302 and response.url.endswith("#rendez-vous")
    config = settings_get()
    assert (config.cancellation_days, config.cutoff_hour) == (3, 12)
    event = Event.objects.get(action="settings.appointmentsettings_updated")
    assert event.data["cancellation_days"] == ["2", "3"] and event.data["cutoff_hour"] == ["18", "12"]
    page = client_a.get(reverse("appointments:cancel_choose")).content.decode()
    assert "3 jours ouvrés à l'avance, jusqu'à 12 h" in page


@pytest.mark.parametrize(("values", "message"), [
    ({"cutoff_hour": "25"}, "Indiquez une heure entre 0 et 24."),
    ({"cancellation_days": "40"}, "Indiquez un délai entre 0 et 15 jours ouvrés."),
    ({"cancellation_days": "deux"}, "Saisissez un nombre entier."),
])
def test_out_of_range_or_junk_is_refused_in_french_and_the_typing_kept(admin, values, message):
    response = admin.post(URL, _appointments(**values))
    html = response.content.decode()
    assert response.status_code == 400 and message in html
    field, typed = next(iter(values.items()))
    assert f'name="rendez-vous-{field}" value="{typed}"' in html
    assert settings_get().cancellation_days == 2 and not Event.objects.filter(action__startswith="settings.")


def test_billing_terms_follow_the_commercial_code(admin):
    base = {"section": "facturation", "facturation-payment_terms_days": "45",
            "facturation-late_penalty_text": "trois fois le taux d'intérêt légal",
            "facturation-recovery_indemnity": "40,00", "facturation-sepa_prenotification_days": "14",
            "facturation-late_penalty_rate": "12,15", "facturation-credit_application": "automatic"}
    response = admin.post(URL, {**base, "facturation-payment_terms_days": "90",
                                "facturation-recovery_indemnity": "30"})
    html = response.content.decode()
    assert response.status_code == 400 and "ne peut dépasser 60 jours" in html and "au moins 40 €" in html
    assert admin.post(URL, base).status_code == 302
    assert billing_settings_get().payment_terms_days == 45


def test_tariffs_typed_the_french_way_are_proposed_for_the_next_campaign(admin):
    response = admin.post(URL, {"section": "cotisations", "cotisations-tariff_si": "95,50",
                                "cotisations-tariff_sia": "105", "cotisations-tariff_sir": "128,00",
                                "cotisations-vat_rate": "20", "cotisations-change_threshold_pct": "15",
                                "cotisations-closes_after_days": "45"})
    assert response.status_code == 302
    initial = CampaignForm.initial_for_next()
    assert initial["tariff_si"] == Decimal("95.50") and initial["change_threshold_pct"] == 15
    assert (initial["closes_on"] - initial["opens_on"]).days == 45
    assert Event.objects.filter(action="settings.tariffsettings_updated").exists()


def test_inbox_targets_move_the_due_dates_and_are_audited(admin, member_a, member_admin):
    change = submit_change(member_a, member_admin)
    before = inbox_item_get(source_key="situation_change", pk=change.pk).due_date
    data = {"section": "objectifs", **{f"objectifs-{s.key}": "5" for s in inbox.sources()}}
    response = admin.post(URL, {**data, "objectifs-situation_change": "0"})
    assert response.status_code == 400 and "Au moins 1 jour ouvré." in response.content.decode()
    assert admin.post(URL, {**data, "objectifs-situation_change": "15"}).status_code == 302
    assert inbox.target_days("situation_change") == 15
    assert inbox_item_get(source_key="situation_change", pk=change.pk).due_date > before
    event = Event.objects.get(action="settings.inbox_targets_updated")
    assert event.data == {"situation_change": [5, 15]}


def test_saving_unchanged_values_logs_nothing(admin):
    assert admin.post(URL, _appointments()).status_code == 302
    assert not Event.objects.filter(action__startswith="settings.").exists()


def test_an_unknown_section_changes_nothing(admin):
    assert admin.post(URL, {"section": "inconnue"}).status_code == 400


def test_credit_application_and_penalty_rate_are_set_and_audited(admin):
    base = {"section": "facturation", "facturation-payment_terms_days": "30",
            "facturation-late_penalty_text": "trois fois le taux d'intérêt légal",
            "facturation-recovery_indemnity": "40,00", "facturation-sepa_prenotification_days": "14",
            "facturation-late_penalty_rate": "10,5", "facturation-credit_application": "agreement"}
    assert admin.post(URL, base).status_code == 302
    terms = billing_settings_get()
    assert terms.credit_application == "agreement" and terms.late_penalty_rate == Decimal("10.50")
    event = Event.objects.get(action="settings.billingsettings_updated")
    assert event.data["credit_application"] == ["automatic", "agreement"]


def test_each_visit_type_is_set_to_direct_booking_or_request_only_and_members_follow(admin, client_a):
    html = admin.get(URL).content.decode()
    assert "Rendez-vous : réservation directe ou demande seulement" in html
    response = admin.post(URL, {"section": "reservation", "reservation-bookable_kinds": ["periodique", "embauche"]})
    assert response.status_code == 302 and response.url.endswith("#reservation")
    assert settings_get().bookable_kinds == ["embauche", "periodique"]
    event = Event.objects.get(action="settings.appointmentsettings_updated")
    assert event.data["bookable_kinds"] == ["[]", "['embauche', 'periodique']"]
    page = client_a.get(reverse("appointments:book")).content.decode()
    assert "Réservation directe possible pour : visite d&#x27;embauche" in page
    admin.post(URL, {"section": "reservation"})
    assert settings_get().bookable_kinds == []
    assert "aucune visite à la réservation directe" in client_a.get(reverse("appointments:book")).content.decode()


def test_an_unknown_visit_type_is_refused_in_french(admin):
    response = admin.post(URL, {"section": "reservation", "reservation-bookable_kinds": ["radiographie"]})
    assert response.status_code == 400
    assert "Sélectionnez un choix valide" in response.content.decode() or "Type de visite inconnu" in \
        response.content.decode()
    assert settings_get().bookable_kinds == []
