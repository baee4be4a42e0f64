from datetime import date
from decimal import Decimal

import factory
from factory.django import DjangoModelFactory

from portail.declarations.models import Campaign, Declaration


class CampaignFactory(DjangoModelFactory):
    class Meta:
        model = Campaign
        django_get_or_create = ("year",)

    year = 2026
    reference_date = factory.LazyAttribute(lambda o: date(o.year, 1, 1))
    opens_on = factory.LazyAttribute(lambda o: date(o.year, 1, 5))
    closes_on = factory.LazyAttribute(lambda o: date(o.year, 2, 2))
    tariff_si = Decimal("100.00")
    tariff_sia = Decimal("110.00")
    tariff_sir = Decimal("130.00")
    vat_rate = Decimal("20.00")
    change_threshold_pct = 20


class DeclarationFactory(DjangoModelFactory):
    class Meta:
        model = Declaration

    campaign = factory.SubFactory(CampaignFactory)
