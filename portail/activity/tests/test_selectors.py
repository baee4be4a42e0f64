from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from portail.activity import selectors
from portail.activity.models import ActionKind
from portail.activity.services import workplace_action_record
from portail.activity.tests.factories import PDF_BYTES, WorkplaceActionFactory
from portail.audit.models import Event
from portail.members.models import MemberStatus
from portail.members.tests.factories import MemberFactory, TeamMemberFactory

pytestmark = pytest.mark.django_db


def _counts(member, year):
    counted = {c.kind: (c.count, c.participants) for c in selectors.workplace_action_counts(member=member, year=year)}
    actions = list(selectors.workplace_actions_for_year(member=member, year=year))
    from_list = selectors.workplace_action_counts(member=member, year=year, actions=actions)
    assert {c.kind: (c.count, c.participants) for c in from_list} == counted  # both paths agree
    return counted


def test_counts_by_type_only_cover_the_year_and_the_member(member_a, member_b):
    WorkplaceActionFactory(member=member_a, date=date(2025, 2, 1), kind=ActionKind.JOB_STUDY)
    WorkplaceActionFactory(member=member_a, date=date(2025, 9, 1), kind=ActionKind.JOB_STUDY)
    WorkplaceActionFactory(member=member_a, date=date(2025, 4, 1), kind=ActionKind.AWARENESS, participants=12)
    WorkplaceActionFactory(member=member_a, date=date(2025, 5, 1), kind=ActionKind.AWARENESS, participants=8)
    WorkplaceActionFactory(member=member_a, date=date(2024, 12, 31), kind=ActionKind.JOB_STUDY)
    WorkplaceActionFactory(member=member_b, date=date(2025, 3, 1), kind=ActionKind.METROLOGY)

    counts = _counts(member_a, 2025)
    assert counts[ActionKind.JOB_STUDY] == (2, 0)
    assert counts[ActionKind.AWARENESS] == (2, 20)
    assert counts[ActionKind.METROLOGY] == (0, 0)
    assert len(counts) == len(ActionKind.choices)
    summary = selectors.activity_summary(member=member_a, year=2025, today=date(2025, 12, 1))
    assert summary.total == 4
    assert summary.participants_total == 20
    assert [a.date for a in summary.actions] == [date(2025, 2, 1), date(2025, 4, 1), date(2025, 5, 1), date(2025, 9, 1)]


def test_company_sheet_status_uses_the_latest_sheet_action(member_a):
    member_a.joined_on = date(2019, 1, 1)
    member_a.save()
    WorkplaceActionFactory(member=member_a, date=date(2020, 6, 1), kind=ActionKind.COMPANY_SHEET_CREATION)
    WorkplaceActionFactory(member=member_a, date=date(2024, 5, 2), kind=ActionKind.COMPANY_SHEET_UPDATE)
    WorkplaceActionFactory(member=member_a, date=date(2025, 1, 5), kind=ActionKind.JOB_STUDY)
    status = selectors.member_company_sheet_status(member=member_a, today=date(2025, 6, 1))
    assert status.last_on == date(2024, 5, 2)
    assert status.due_on == date(2028, 5, 2)
    assert status.label == "À jour"


def test_overdue_company_sheets_lists_only_late_active_members(db):
    today = date(2026, 6, 1)
    MemberFactory(number="700001", joined_on=date(2024, 1, 15))
    stale = MemberFactory(number="700002", joined_on=date(2015, 1, 1))
    WorkplaceActionFactory(member=stale, date=date(2021, 3, 1), kind=ActionKind.COMPANY_SHEET_CREATION)
    fresh = MemberFactory(number="700003", joined_on=date(2015, 1, 1))
    WorkplaceActionFactory(member=fresh, date=date(2024, 3, 1), kind=ActionKind.COMPANY_SHEET_UPDATE)
    MemberFactory(number="700004", joined_on=date(2026, 1, 1))  # still inside its first year
    MemberFactory(number="700005", joined_on=date(2010, 1, 1), status=MemberStatus.RADIATED)

    rows = selectors.overdue_company_sheets(today=today)
    assert [m.number for m, _ in rows] == ["700001", "700002"]
    assert rows[0][1].due_on == date(2025, 1, 15)
    assert rows[1][1].due_on == date(2025, 3, 1)


def test_record_action_audits_and_keeps_staff_and_document(member_a, staff_user):
    doctor = TeamMemberFactory(role="doctor")
    upload = SimpleUploadedFile("fiche.pdf", PDF_BYTES, content_type="application/pdf")
    action = workplace_action_record(
        member=member_a, date=date(2025, 3, 1), kind=ActionKind.COMPANY_SHEET_CREATION, title="Fiche d'entreprise",
        summary="Fiche établie.", staff=[doctor], document=upload, actor=staff_user,
    )
    assert list(action.staff.all()) == [doctor]
    assert action.document.read().startswith(b"%PDF")
    event = Event.objects.get(action="activity.workplace_action_recorded")
    assert event.member == member_a and event.actor == staff_user


def test_session_requires_participants_and_other_kinds_drop_them(member_a, staff_user):
    with pytest.raises(ValidationError) as error:
        workplace_action_record(member=member_a, date=date(2025, 3, 1), kind=ActionKind.AWARENESS,
                                title="Sensibilisation TMS", actor=staff_user)
    assert "participants" in error.value.message_dict
    action = workplace_action_record(member=member_a, date=date(2025, 3, 1), kind=ActionKind.METROLOGY,
                                     title="Mesures de bruit", participants=5, actor=staff_user)
    assert action.participants is None


def test_future_action_refused(member_a, staff_user):
    with pytest.raises(ValidationError):
        workplace_action_record(member=member_a, date=date(2999, 1, 1), kind=ActionKind.JOB_STUDY,
                                title="Étude", actor=staff_user)
