from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command

from portail.billing.models import Invoice
from portail.declarations.models import Campaign, Declaration

pytestmark = pytest.mark.django_db


def test_demo_declarations_in_every_status_and_idempotent():
    call_command("demo_data", stdout=StringIO())
    invoices = Invoice.objects.count()
    call_command("demo_data", stdout=StringIO())
    assert Invoice.objects.count() == invoices
    year = date.today().year
    assert Campaign.objects.get(year=year).is_open
    main = {d.campaign.year: d for d in Declaration.objects.filter(member__number="100001")}
    assert main[2022].status == "closed"
    assert main[2023].validated and main[2024].validated and main[2023].billed_at is not None
    assert main[2025].status == "sent" and not main[2025].validated
    assert main[year].status == "to_fill"
    assert Declaration.objects.get(member__number="100003", campaign__year=year).status == "in_progress"
    assert Declaration.objects.get(member__number="100004", campaign__year=year).status == "to_fill"
    assert Declaration.objects.filter(number__isnull=False).values("number").distinct().count() == 3
