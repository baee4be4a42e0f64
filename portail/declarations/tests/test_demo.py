from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command

from portail.accounts.models import User
from portail.billing.models import Invoice
from portail.declarations import selectors, services
from portail.declarations.models import Campaign, Declaration, DeclarationStatus
from portail.workforce.services import employee_update

pytestmark = pytest.mark.django_db


def test_demo_declarations_in_every_status_and_idempotent():
    call_command("demo_data", stdout=StringIO())
    invoices = Invoice.objects.count()
    call_command("demo_data", stdout=StringIO())
    assert Invoice.objects.count() == invoices
    year = date.today().year
    assert Campaign.objects.get(year=year).is_open
    main = {d.campaign.year: d for d in Declaration.objects.filter(member__number="100001")}
    assert main[year - 4].status == "closed"
    assert main[year - 3].validated and main[year - 2].validated and main[year - 3].billed_at is not None
    assert main[year - 1].status == "sent" and not main[year - 1].validated
    assert main[year].status == "to_fill"
    assert Declaration.objects.get(member__number="100003", campaign__year=year).status == "in_progress"
    assert Declaration.objects.get(member__number="100004", campaign__year=year).status == "to_fill"
    assert Declaration.objects.filter(number__isnull=False).values("number").distinct().count() == 3


def test_member_100001_declaration_is_transmitted_after_fixing_the_handful_of_problems_listed():
    """Issue 16 §3: the open declaration lists 3 to 6 problems, each fixed by what its message says (the bulk exit
    of the contracts over, a determinant ticked); the missing PCS codes are warnings; then it is transmitted,
    without a headcount variation to confirm."""
    call_command("demo_data", stdout=StringIO())
    declaration = Declaration.objects.get(member__number="100001", campaign__year=date.today().year)
    actor = User.objects.get(username="100001")
    current = selectors.preview(declaration=declaration)
    assert 3 <= len(current.problems) <= 6 and all(p.blocking for p in current.problems)
    assert current.warnings and all("code PCS" in p.message for p in current.warnings)
    expired = [p for p in current.problems if "a pris fin" in p.message]
    untagged = [p for p in current.problems if "sans déterminant" in p.message]
    assert len(expired) + len(untagged) == len(current.problems) and len(expired) == len(current.expired)

    services.declaration_expired_contracts_exit(declaration=declaration, actor=actor,
                                                employee_ids=[e.pk for e in current.expired])
    for problem in untagged:  # the driver the service follows in SIR: the employer ticks the risk
        employee_update(employee=problem.employee, actor=actor, data={"determinants": ["CMR"]})

    fixed = selectors.preview(declaration=declaration)
    assert fixed.problems == [] and fixed.warning == ""
    submitted = services.declaration_submit(declaration=declaration, actor=actor, send_email=False)
    assert submitted.status == DeclarationStatus.CONFIRMED
    assert submitted.total_count == current.total - len(expired)
