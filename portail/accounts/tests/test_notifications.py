"""Notifications: what each kind of e-mail says and to whom, the users' e-mail preferences, the in-app list and its
unread count in the portal header."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
import time_machine
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from portail.accounts.models import EmailOptOut
from portail.accounts.notices import member_notify
from portail.accounts.tests.factories import MandataireFactory, MandateFactory, MembershipFactory, logged_in
from portail.appointments import services as appointment_services
from portail.appointments.models import VisitKind
from portail.appointments.tests.factories import AppointmentFactory
from portail.backoffice.tests.helpers import submit_change
from portail.billing.sepa import sepa_mandate_sign
from portail.billing.tests.factories import issued_invoice
from portail.declarations.services import campaign_open
from portail.members.models import ContactKind, MemberNotice, NoticeDelivery, NoticeKind, Service
from portail.members.tests.factories import MemberContactFactory
from portail.workforce.tests.factories import EmployeeFactory

pytestmark = pytest.mark.django_db

# kind -> a sentence of its own template
INTROS = {
    NoticeKind.RECEIPT: "Nous avons bien reçu votre demande.",
    NoticeKind.CONVOCATION: "Un rendez-vous vous concerne",
    NoticeKind.ANSWER: "Le service vous écrit",
    NoticeKind.INVOICE: "Une nouvelle facture est disponible",
    NoticeKind.CAMPAIGN: "La campagne de déclaration est ouverte",
}


@pytest.fixture
def named_user(member_a):
    return MembershipFactory(member=member_a, role="admin").user


def _client(user, member=None) -> Client:
    client = logged_in(user)
    if member is not None:
        session = client.session
        session["current_member_id"] = member.pk
        session.save()
    return client


def _sent_to(outbox) -> list[str]:
    return sorted(address for message in outbox for address in message.to)


@pytest.mark.parametrize("kind", NoticeKind.values)
def test_each_kind_goes_to_the_company_users_in_text_and_html(kind, member_a, member_admin, named_user, member_b,
                                                              other_member, django_capture_on_commit_callbacks):
    MembershipFactory(member=member_a, role="hr", is_active=False)  # a former user: not told
    MandateFactory(mandataire=MandataireFactory(email="cabinet@example.org"), member=member_a)  # not told either
    with django_capture_on_commit_callbacks(execute=True):
        member_notify(member=member_a, kind=kind, subject="Objet de test", body="Le détail du message.",
                      url="/echanges/1/")
    assert _sent_to(mail.outbox) == sorted([member_admin.email, named_user.email])
    message = mail.outbox[0]
    assert message.subject == "[Portail] Objet de test"
    assert INTROS[kind] in message.body and "Le détail du message." in message.body
    assert "http://testserver/echanges/1/" in message.body and "/compte/notifications/" in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html" and '<html lang="fr">' in html and INTROS[kind].replace("'", "&#x27;") in html
    assert 'href="http://testserver/echanges/1/"' in html
    assert set(NoticeDelivery.objects.values_list("user", flat=True)) == {member_admin.pk, named_user.pk}


def test_a_named_user_is_told_only_of_what_the_role_opens(member_a, member_admin,
                                                         django_capture_on_commit_callbacks):
    accountant = MembershipFactory(member=member_a, role="accounting").user
    hr = MembershipFactory(member=member_a, role="hr").user
    with django_capture_on_commit_callbacks(execute=True):
        member_notify(member=member_a, kind=NoticeKind.CONVOCATION, subject="Convocation", body="Visite.")
        member_notify(member=member_a, kind=NoticeKind.INVOICE, subject="Facture", body="Nouvelle facture.")
    told = {(m.subject, address) for m in mail.outbox for address in m.to}
    assert ("[Portail] Convocation", hr.email) in told and ("[Portail] Convocation", accountant.email) not in told
    assert ("[Portail] Facture", accountant.email) in told and ("[Portail] Facture", hr.email) not in told
    assert ("[Portail] Facture", member_admin.email) in told and ("[Portail] Convocation", member_admin.email) in told


def test_a_user_who_refused_a_kind_by_e_mail_still_sees_it_in_the_portal(member_a, member_admin, named_user,
                                                                         django_capture_on_commit_callbacks):
    response = _client(named_user, member_a).post(reverse("accounts:notification_preferences"),
                                                  {"kinds": [NoticeKind.RECEIPT, NoticeKind.ANSWER]})
    assert response.status_code == 302
    assert set(EmailOptOut.objects.filter(user=named_user).values_list("kind", flat=True)) == {
        NoticeKind.CONVOCATION, NoticeKind.INVOICE, NoticeKind.CAMPAIGN}
    with django_capture_on_commit_callbacks(execute=True):
        member_notify(member=member_a, kind=NoticeKind.INVOICE, subject="Facture", body="Nouvelle facture.")
        member_notify(member=member_a, kind=NoticeKind.ANSWER, subject="Réponse", body="Voilà.")
    assert [(m.subject, m.to) for m in mail.outbox if m.to == [named_user.email]] == [
        ("[Portail] Réponse", [named_user.email])]
    assert len([m for m in mail.outbox if m.to == [member_admin.email]]) == 2
    assert NoticeDelivery.objects.filter(user=named_user).count() == 2
    page = _client(named_user, member_a).get(reverse("accounts:notification_preferences")).content.decode()
    assert page.count("checked") == 2


def test_the_preferences_page_keeps_every_kind_by_default_and_can_refuse_them_all(member_a, named_user):
    client = _client(named_user, member_a)
    page = client.get(reverse("accounts:notification_preferences")).content.decode()
    assert page.count("checked") == len(NoticeKind.values)
    assert "Nouvelles factures" in page and "Convocations et rappels de rendez-vous" in page
    client.post(reverse("accounts:notification_preferences"), {})
    assert EmailOptOut.objects.filter(user=named_user).count() == len(NoticeKind.values)
    client.post(reverse("accounts:notification_preferences"), {"kinds": NoticeKind.values})
    assert not EmailOptOut.objects.filter(user=named_user).exists()
    assert client.post(reverse("accounts:notification_preferences"), {"kinds": ["inconnu"]}).status_code == 400
    assert Client().get(reverse("accounts:notification_preferences")).status_code == 302


def test_the_header_counts_unread_notifications_until_the_list_is_read(member_a, member_admin, member_b,
                                                                       other_member):
    member_notify(member=member_a, subject="Premier", body="Un.")
    member_notify(member=member_a, subject="Second", body="Deux.")
    member_notify(member=member_b, subject="Chez B", body="Trois.")
    client = _client(member_admin)
    home = client.get(reverse("portal:home")).content.decode()
    assert 'data-testid="unread-count">2<' in home
    notices = client.get(reverse("members:notices")).content.decode()
    assert notices.count("Nouveau") == 2 and "Chez B" not in notices
    assert 'data-testid="unread-count"' not in client.get(reverse("portal:home")).content.decode()
    assert 'data-testid="unread-count">1<' in _client(other_member).get(reverse("portal:home")).content.decode()


def test_the_unread_count_is_one_query(member_a, member_admin, django_assert_num_queries):
    from portail.members.selectors import unread_notice_count

    member_notify(member=member_a, subject="Premier", body="Un.")
    with django_assert_num_queries(1):
        assert unread_notice_count(member=member_a, user_id=member_admin.pk) == 1


def test_a_situation_change_sends_its_receipt(member_a, member_admin, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        change = submit_change(member_a, member_admin)
    notice = MemberNotice.objects.get(member=member_a)
    assert notice.kind == NoticeKind.RECEIPT and notice.subject == "Changement de situation reçu : Changement d'adresse"
    assert notice.url == reverse("members:situation_change_receipt", args=[change.pk])
    receipt = next(m for m in mail.outbox if m.to == [member_admin.email])
    assert "Nous avons bien reçu votre demande." in receipt.body and "Date d'effet : 01/03/2026" in receipt.body


def test_an_appointment_request_and_a_cancellation_send_receipts(member_a, member_admin,
                                                                 django_capture_on_commit_callbacks):
    employee = EmployeeFactory(member=member_a, birth_name="MARTIN", first_name="Léa")
    with django_capture_on_commit_callbacks(execute=True):
        request = appointment_services.appointment_request_create(
            member=member_a, actor=member_admin, employees=[employee], data={"visit_kind": VisitKind.PERIODIC})
    notice = MemberNotice.objects.get(member=member_a, kind=NoticeKind.RECEIPT)
    assert notice.subject == f"Demande de rendez-vous {request.number} reçue"
    assert [m.to for m in mail.outbox] == [[member_admin.email]]
    appointment = AppointmentFactory(employee=employee, start=timezone.now() + timedelta(days=30))
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        appointment_services.cancellation_request_create(member=member_a, actor=member_admin,
                                                         appointment=appointment, reason="autre")
    assert MemberNotice.objects.filter(member=member_a, kind=NoticeKind.RECEIPT).count() == 2
    assert mail.outbox[0].subject.startswith("[Portail] Demande d'annulation reçue")


def test_a_sepa_mandate_sends_its_receipt(member_a, member_admin, django_capture_on_commit_callbacks):
    Service.objects.update_or_create(pk=1, defaults={"name": "SPST Test", "sepa_creditor_id": "FR72ZZZ123456"})
    with django_capture_on_commit_callbacks(execute=True):
        mandate = sepa_mandate_sign(member=member_a, holder_name="ENTREPRISE A", iban="FR7630006000011234567890189",
                                    bic="", address="1 rue de la Paix", actor=member_admin)
    notice = MemberNotice.objects.get(member=member_a)
    assert (notice.kind, notice.subject) == (NoticeKind.RECEIPT, f"Mandat de prélèvement SEPA {mandate.reference} signé")
    assert member_admin.email in _sent_to(mail.outbox)


def test_convocations_and_reminders_tell_the_company(member_a, member_admin, django_capture_on_commit_callbacks):
    MemberContactFactory(member=member_a, kind=ContactKind.CONVOCATION, email="rdv@entreprise-a.test")
    employee = EmployeeFactory(member=member_a, birth_name="MARTIN", first_name="Léa")
    with time_machine.travel(timezone.make_aware(timezone.datetime(2027, 3, 1, 10)), tick=False):
        appointment = AppointmentFactory(employee=employee, start=timezone.now() + timedelta(days=5))
        with django_capture_on_commit_callbacks(execute=True):
            appointment_services.convocation_send(appointment=appointment)
            appointment_services.reminders_send()
    subjects = sorted(MemberNotice.objects.filter(member=member_a, kind=NoticeKind.CONVOCATION)
                      .values_list("subject", flat=True))
    assert subjects[0].startswith("Convocation : ") and subjects[1].startswith("Rappel : rendez-vous de ")
    # The convocation with its PDF goes to the contact; the company's user is told by a notification.
    assert ["rdv@entreprise-a.test"] in [m.to for m in mail.outbox]
    told = [m for m in mail.outbox if m.to == [member_admin.email]]
    assert told and all("Un rendez-vous vous concerne" in m.body for m in told)


def test_a_user_who_got_the_convocation_is_not_e_mailed_twice(member_a, member_admin,
                                                              django_capture_on_commit_callbacks):
    appointment = AppointmentFactory(employee=EmployeeFactory(member=member_a), start=timezone.now() + timedelta(days=20))
    with django_capture_on_commit_callbacks(execute=True):
        appointment_services.convocation_send(appointment=appointment)
    assert [m.to for m in mail.outbox] == [[member_admin.email]]  # the convocation itself (the fallback address)
    assert MemberNotice.objects.filter(member=member_a, kind=NoticeKind.CONVOCATION).count() == 1


def test_a_new_invoice_tells_the_company(member_a, member_admin, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        invoice = issued_invoice(member_a)
    notice = MemberNotice.objects.get(member=member_a, kind=NoticeKind.INVOICE)
    assert notice.subject.startswith(f"Cotisation n° {invoice.number}") or invoice.number in notice.subject
    assert notice.url == reverse("billing:invoice_detail", args=[invoice.pk])
    message = next(m for m in mail.outbox if m.to == [member_admin.email])
    assert "Une nouvelle facture est disponible" in message.body and invoice.number in message.subject


def test_a_campaign_opening_tells_every_member_concerned(member_a, member_admin, member_b, other_member, staff_user,
                                                         django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        campaign_open(actor=staff_user, year=2027, reference_date=date(2027, 1, 1), opens_on=date(2027, 1, 4),
                      closes_on=date(2027, 1, 31), tariff_si=Decimal("100"), tariff_sia=Decimal("100"),
                      tariff_sir=Decimal("120"), vat_rate=Decimal("20"))
    notices = MemberNotice.objects.filter(kind=NoticeKind.CAMPAIGN)
    assert set(notices.values_list("member", flat=True)) == {member_a.pk, member_b.pk}
    assert notices.first().subject == "Déclaration d'effectif 2027 : la campagne est ouverte"
    assert _sent_to(mail.outbox) == sorted([member_admin.email, other_member.email])
    assert "avant le 31/01/2027" in mail.outbox[0].body
