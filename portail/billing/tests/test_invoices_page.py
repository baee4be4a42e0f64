"""The invoices page ("Vos factures et votre échéancier"): the unpaid and paid invoices with their links, the
statement of open items, escaping, the empty states, and what it costs in queries."""

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.cache import cache

from portail.billing.models import Invoice, PaymentMethod
from portail.billing.services import payment_record
from portail.billing.tests.factories import issued_invoice
from portail.core.tests.html import links, table
from portail.portal.demo.billing import load_seed_history
from portail.portal.demo.members import _service

pytestmark = pytest.mark.django_db
INVOICES, STATEMENT = "Mes factures", "Mon échéancier : pièces en attente de règlement"
NB = "\u202f"


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(datetime(2026, 11, 27, 10, tzinfo=ZoneInfo("Europe/Paris"))):
        yield


@pytest.fixture
def history(member_a):
    _service()
    load_seed_history(member_a)
    issued_invoice(member_a, period="<script>alert('x')</script> & co", issue_date=date(2026, 2, 1))
    # An overpayment: a statement row without an invoice, in the credit column.
    payment_record(member=member_a, method=PaymentMethod.LEGACY, payment_date=date(2026, 3, 2),
                   amount=Decimal("50.00"), reference="VIR <b>&")
    return member_a


def _page(client, url="/factures/") -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_invoices_are_listed_unpaid_then_paid_with_their_columns(client_a, history):
    shown = table(_page(client_a), INVOICES)
    assert shown.head == [["N°", "Date", "Type de facture", "Montant TTC", "Période", "Actions"]]
    unpaid, paid = shown.groups["unpaid"], shown.groups["paid"]
    assert [row[0] for row in unpaid] == ["F000001", "101983", "101982", "101978", "101972", "95674", "909584"]
    assert [row[0] for row in paid] == ["101981", "101976", "101975", "101974", "82566", "72722", "887635"]
    assert unpaid[2][:5] == ["101982", "10/12/2021", "Cotisation Échue", f"1{NB}800,00{NB}€", "Année 2021"]
    assert unpaid[4][:5] == ["101972", "25/11/2021", "Facture d'Ajustement", f"-1{NB}058,40{NB}€", "Année 2021"]
    assert paid[0][2] == "Cotisation"  # a settled invoice is never "Échue"


def test_an_overdue_invoice_is_marked(client_a, history):
    html = _page(client_a)
    overdue = Invoice.objects.get(number="101982")
    assert '<tr class="overdue">\n  <td class="card-title"><a href="/factures/' + str(overdue.pk) + '/">101982</a></td>' in html
    assert 'Cotisation <span class="badge alert">Échue</span>' in html


def test_each_invoice_links_to_its_page_and_its_pdf(client_a, history):
    found = links(_page(client_a))
    for number in ("101982", "72722"):
        pk = Invoice.objects.get(number=number).pk
        assert found[number] == found[f"Voir la facture {number}"] == f"/factures/{pk}/"
        assert found[f"Imprimer la facture {number}"] == f"/factures/{pk}/pdf/"
        assert found[f"Télécharger la facture {number} en PDF"] == f"/factures/{pk}/pdf/?telecharger=1"


def test_statement_lists_open_items_with_debit_or_credit(client_a, history):
    shown = table(_page(client_a), STATEMENT)
    assert shown.head == [["N°", "Date d'émission", "Date d'exigibilité", "Type de pièce", "Débit", "Crédit",
                           "Période", "Référence de virement"]]
    rows = {row[0]: row for row in shown.rows}
    assert rows["101983"] == ["101983", "15/12/2021", "30/01/2022 Échue", "Cotisation", f"170,40{NB}€", "",
                              "Année 2021", "900001-101983"]
    assert rows["101972"][4:6] == ["", f"1{NB}058,40{NB}€"]  # the adjustment credit
    assert rows["VIR <b>&"] == ["VIR <b>&", "02/03/2026", "", "Règlement (Reprise de l'ancien système)", "",
                                f"50,00{NB}€", "", ""]
    assert shown.foot[-1] == ["Solde débiteur", f"3{NB}136,00{NB}€", ""]


def test_statement_links_invoices_only(client_a, history):
    html = _page(client_a)
    statement = html[html.index(STATEMENT):]
    pk = Invoice.objects.get(number="101983").pk
    assert '<td class="card-title"><a href="/factures/' + str(pk) + '/">101983</a></td>' in statement
    assert '<td class="card-title">VIR &lt;b&gt;&amp;</td>' in statement  # a payment: no page of its own


def test_text_is_escaped(client_a, history):
    html = _page(client_a)
    assert "<script>alert" not in html and "<b>&" not in html
    assert html.count("&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; co") == 2  # invoices and statement


def test_empty_groups_and_statement_say_so(client_a, member_a):
    _service()
    html = _page(client_a)
    shown = table(html, INVOICES)
    assert shown.groups["unpaid"] == [["Aucune facture non réglée."]]
    assert shown.groups["paid"] == [["Aucune facture acquittée."]]
    assert table(html, STATEMENT).rows == [["Aucune pièce en attente de règlement."]]
    assert '<td colspan="6">Aucune facture acquittée.</td>' in html
    assert '<td colspan="8">Aucune pièce en attente de règlement.</td>' in html


def test_a_year_without_invoices_keeps_the_statement(client_a, history):
    html = _page(client_a, "/factures/?annee=2031")
    shown = table(html, "Mes factures de 2031")
    assert shown.groups == {"unpaid": [["Aucune facture non réglée."]], "paid": [["Aucune facture acquittée."]]}
    assert len(table(html, STATEMENT).rows) == 8


def test_the_page_costs_a_bounded_number_of_queries(client_a, history, django_assert_max_num_queries):
    for day in range(1, 29):
        issued_invoice(history, issue_date=date(2026, 3, day))
    _page(client_a)  # the session's first page: its one-off reads
    cache.clear()  # drawn anew, as after a write
    # The session, the user and the member; the issued invoices once for the list, the years and the statement;
    # the payments and the mandate; then what the clear emptied: billing settings, service (twice), group heads.
    with django_assert_max_num_queries(10):
        assert len(table(_page(client_a), INVOICES).groups["unpaid"]) == 35
