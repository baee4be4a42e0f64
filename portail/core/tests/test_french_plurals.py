"""French plurals (issue 18): the singular for 0 and 1, where Django's pluralize says "0 factures"."""

import pytest
from django.template import Context, Template

from portail.core.formatting import count_fr


@pytest.mark.parametrize(("count", "text"), [(0, "0 facture échue"), (1, "1 facture échue"),
                                             (2, "2 factures échues"), (12, "12 factures échues")])
def test_count_fr_agrees_every_word(count, text):
    assert count_fr(count, "facture échue") == text


def test_an_irregular_plural_is_given_whole():
    assert count_fr(1, "nouveau salarié", "nouveaux salariés") == "1 nouveau salarié"
    assert count_fr(3, "nouveau salarié", "nouveaux salariés") == "3 nouveaux salariés"


def test_the_template_filter():
    template = Template('{{ n|pluriel:"erreur" }} · {{ m|pluriel:"nouveau salarié,nouveaux salariés" }}')
    assert template.render(Context({"n": 1, "m": 2})) == "1 erreur · 2 nouveaux salariés"


def test_the_invoice_tile_counts_its_overdue_invoices_in_french(member_a):
    from datetime import date, timedelta

    from portail.billing.tests.factories import issued_invoice
    from portail.billing.tiles import tile

    issued_invoice(member_a, issue_date=date.today() - timedelta(days=120))  # its due date long past
    assert tile(member=member_a).detail == "dont 1 facture échue"
