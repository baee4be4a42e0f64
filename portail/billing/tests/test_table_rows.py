"""`{% invoice_rows %}` prints exactly what the former include `billing/_invoice_rows.html` printed
(kept in tests/legacy/), on the seed's history: unpaid and paid, overdue or not, credit notes."""

import re
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from django.template import engines

from portail.billing import selectors
from portail.billing.demo import load_seed_history
from portail.billing.models import PaymentMethod
from portail.billing.services import payment_record
from portail.billing.tests.factories import issued_invoice
from portail.members.demo import _service

pytestmark = pytest.mark.django_db
LEGACY_DIR = Path(__file__).parent / "legacy"
ROWS = (LEGACY_DIR / "_invoice_rows.html").read_text()
INCLUDE = re.compile(r'{% include "billing/_invoice_rows.html" with (rows=\S+ empty="[^"]*") %}')
# The former page, its include inlined (what an include prints is what its body prints in a `with`).
LEGACY_PAGE = engines["django"].from_string(
    INCLUDE.sub(
        lambda m: "{% with " + m.group(1) + " %}" + ROWS + "{% endwith %}", (LEGACY_DIR / "invoices.html").read_text()
    )
)
TAG = engines["django"].from_string("{% load billing_tables %}{% invoice_rows rows empty=empty %}")
CSRF = re.compile(r"[A-Za-z0-9]{64}")  # masked anew at each render


@pytest.fixture
def history(member_a):
    _service()
    load_seed_history(member_a)
    issued_invoice(member_a, period="<script>alert('x')</script> & co", issue_date=date(2026, 2, 1))
    # An overpayment: a statement row without invoice, in the credit column.
    payment_record(
        member=member_a,
        method=PaymentMethod.LEGACY,
        payment_date=date(2026, 3, 2),
        amount=Decimal("50.00"),
        reference="VIR <b>&",
    )
    return member_a


def test_rows_equal_the_former_include(history):
    groups = selectors.invoices_grouped(member=history, today=date(2026, 11, 27))
    assert groups.unpaid and groups.paid and any(i.overdue for i in groups.unpaid)
    legacy = engines["django"].from_string(ROWS)
    for rows, empty in (
        (groups.unpaid, "Aucune facture non réglée."),
        (groups.paid, "Aucune facture acquittée."),
        ([], "Aucune facture acquittée."),
    ):
        html = TAG.render({"rows": rows, "empty": empty})
        assert html == legacy.render({"rows": rows, "empty": empty})
    html = TAG.render({"rows": groups.unpaid, "empty": ""})
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; co" in html and "<script>" not in html
    assert 'class="overdue"' in html and "Échue" in html


def test_statement_covers_every_branch(history):
    rows = selectors.statement(member=history, today=date(2026, 11, 27)).rows
    assert any(r.invoice_id for r in rows) and any(not r.invoice_id for r in rows)
    assert any(r.debit for r in rows) and any(r.credit for r in rows) and any(r.overdue for r in rows)
    html = engines["django"].from_string("{% load billing_tables %}{% statement_rows rows %}").render({"rows": rows})
    assert "VIR &lt;b&gt;&amp;" in html and "Reprise de l&#x27;ancien système" in html


def _same_page(client, url):
    response = client.get(url)
    assert response.status_code == 200
    legacy = LEGACY_PAGE.render(response.context[0].flatten(), response.wsgi_request)
    assert CSRF.sub("csrf", response.content.decode()) == CSRF.sub("csrf", legacy)


@pytest.mark.parametrize("url", ["/factures/", "/factures/?annee=2019", "/factures/?annee=2031"])
def test_page_equals_the_former_page(client_a, history, url):
    _same_page(client_a, url)


def test_empty_page_equals_the_former_page(client_a, member_a):
    _service()
    _same_page(client_a, "/factures/")
