import io
from datetime import date

import pytest

from portail.activity import selectors
from portail.activity.models import ActionKind, WorkplaceAction
from portail.members.models import Member
from portail.portal.demo import activity as activity_demo
from portail.portal.demo import members as members_demo

pytestmark = pytest.mark.django_db


def test_demo_summary_figures_for_member_100001():
    members_demo.load(stdout=io.StringIO())
    activity_demo.load(stdout=io.StringIO())
    activity_demo.load(stdout=io.StringIO())  # idempotent
    member = Member.objects.get(number="100001")
    assert WorkplaceAction.objects.filter(member=member).count() == 11

    summary = selectors.activity_summary(member=member, year=2025, today=date(2026, 6, 1))
    counts = {c.kind: c.count for c in summary.counts if c.count}
    assert counts == {
        ActionKind.METROLOGY: 1, ActionKind.CSE: 1, ActionKind.JOB_STUDY: 1,
        ActionKind.AWARENESS: 1, ActionKind.RISK_ASSESSMENT: 1,
    }
    assert summary.participants_total == 12
    assert summary.company_sheet.last_on == date(2024, 3, 14)
    assert summary.company_sheet.due_on == date(2028, 3, 14)
    assert summary.company_sheet.label == "À jour"
    sheet = WorkplaceAction.objects.get(member=member, kind=ActionKind.COMPANY_SHEET_CREATION)
    assert sheet.document.read().startswith(b"%PDF")
    assert {y for y in (2024, 2025, 2026)} <= set(selectors.activity_years(member=member, today=date(2026, 6, 1)))
