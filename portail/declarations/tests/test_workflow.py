"""The status machine of a declaration: every allowed transition and the refused ones."""

from datetime import date
from decimal import Decimal

import pytest
from django.core import mail

from portail.declarations import services
from portail.declarations.models import Declaration, DeclarationStatus
from portail.declarations.tests.conftest import staff_employees
from portail.declarations.tests.factories import CampaignFactory, DeclarationFactory
from portail.members.freshness import _shared_stamp
from portail.workforce.tests.factories import EmployeeFactory


def submit(declaration, user, **kw):
    return services.declaration_submit(declaration=declaration, actor=user, **kw)


def test_save_draft_moves_to_in_progress_and_survives(declaration_a, member_admin):
    services.declaration_save_draft(declaration=declaration_a, actor=member_admin)
    declaration_a.refresh_from_db()
    assert declaration_a.status == DeclarationStatus.IN_PROGRESS
    assert declaration_a.saved_at is not None


def test_submit_freezes_list_counts_amounts_and_numbers(declaration_a, member_admin, employees_a,
                                                        django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        declaration = submit(declaration_a, member_admin)
    assert declaration.status == DeclarationStatus.CONFIRMED
    assert declaration.number == "D2026-000001"
    assert (declaration.count_si, declaration.count_sia, declaration.count_sir) == (2, 1, 1)
    # 2 × 100 + 110 + 130 = 440 HT, VAT 20 % = 88, 528 TTC
    assert declaration.amount_ht == Decimal("440.00")
    assert declaration.amount_vat == Decimal("88.00")
    assert declaration.amount_ttc == Decimal("528.00")
    assert declaration.lines.count() == 4
    assert declaration.submitted_by == member_admin and declaration.submitted_at
    # Later changes to an employee leave the submitted list as it was.
    employee = employees_a[0]
    employee.birth_name = "CHANGÉ"
    employee.save()
    assert not declaration.lines.filter(birth_name="CHANGÉ").exists()
    assert len(mail.outbox) == 1
    assert mail.outbox[0].attachments[0][0] == "accuse-reception-D2026-000001.pdf"


def test_numbers_are_unique_and_consecutive(campaign, member_a, member_b, member_admin, other_member):
    staff_employees(member_a, si=1)
    staff_employees(member_b, si=1)
    first = submit(DeclarationFactory(member=member_a, campaign=campaign), member_admin, send_email=False)
    second = submit(DeclarationFactory(member=member_b, campaign=campaign), other_member, send_email=False)
    assert (first.number, second.number) == ("D2026-000001", "D2026-000002")


def test_employees_counted_at_the_reference_date(declaration_a, member_admin, member_a):
    staff_employees(member_a, si=1)
    EmployeeFactory(member=member_a, pcs_code="344B", hire_date=date(2026, 3, 1))  # hired after
    EmployeeFactory(member=member_a, pcs_code="344B", exit_date=date(2025, 12, 31))  # gone before
    EmployeeFactory(member=member_a, pcs_code="344B", exit_date=date(2026, 6, 30))  # present on 01/01
    declaration = submit(declaration_a, member_admin, send_email=False)
    assert declaration.total_count == 2


@pytest.mark.parametrize("status", [DeclarationStatus.CONFIRMED, DeclarationStatus.CLOSED])
def test_submitted_or_closed_declaration_is_never_edited(member_a, campaign, member_admin, status):
    declaration = DeclarationFactory(member=member_a, campaign=campaign, status=status,
                                     number="D2026-999999" if status == DeclarationStatus.CONFIRMED else None)
    staff_employees(member_a, si=1)
    with pytest.raises(services.DeclarationError, match="ne peut plus être modifiée"):
        services.declaration_save_draft(declaration=declaration, actor=member_admin)
    with pytest.raises(services.DeclarationError, match="ne peut plus être modifiée"):
        submit(declaration, member_admin)


def test_cannot_submit_twice(declaration_a, member_admin, employees_a):
    submit(declaration_a, member_admin, send_email=False)
    with pytest.raises(services.DeclarationError):
        submit(declaration_a, member_admin, send_email=False)
    assert declaration_a.lines.count() == 4


def test_validate_only_confirmed(declaration_a, staff_user):
    with pytest.raises(services.DeclarationError, match="confirmée par l'adhérent"):
        services.declaration_validate(declaration=declaration_a, actor=staff_user)


def test_reopen_creates_a_linked_version_to_fill(declaration_a, member_admin, employees_a, staff_user):
    submitted = submit(declaration_a, member_admin, send_email=False)
    new = services.declaration_reopen(declaration=submitted, actor=staff_user, reason="Oubli de deux salariés")
    assert new.version == 2 and new.reopens == submitted and new.status == DeclarationStatus.TO_FILL
    assert new.reopen_reason == "Oubli de deux salariés"
    submitted.refresh_from_db()
    assert submitted.status == DeclarationStatus.CONFIRMED and submitted.lines.count() == 4
    with pytest.raises(services.DeclarationError, match="déjà été rouverte"):
        services.declaration_reopen(declaration=submitted, actor=staff_user, reason="encore")
    # the new version is filled and submitted again, with a new number
    again = submit(new, member_admin, send_email=False)
    assert again.number != submitted.number


def test_reopen_needs_a_reason_and_a_confirmed_declaration(declaration_a, staff_user):
    with pytest.raises(services.DeclarationError, match="motif"):
        services.declaration_reopen(declaration=declaration_a, actor=staff_user, reason=" ")
    with pytest.raises(services.DeclarationError, match="confirmée"):
        services.declaration_reopen(declaration=declaration_a, actor=staff_user, reason="x")


def test_campaign_open_creates_to_fill_for_active_members(staff_user, member_a, member_b):
    from portail.members.tests.factories import MemberFactory

    radiated = MemberFactory(status="radiated")
    shared = _shared_stamp()
    campaign = services.campaign_open(
        actor=staff_user, year=2027, reference_date=date(2027, 1, 1), opens_on=date(2027, 1, 4),
        closes_on=date(2027, 1, 31), tariff_si=Decimal("100"), tariff_sia=Decimal("100"),
        tariff_sir=Decimal("120"), vat_rate=Decimal("20"),
    )
    members = set(Declaration.objects.filter(campaign=campaign).values_list("member_id", flat=True))
    assert {member_a.pk, member_b.pk} <= members and radiated.pk not in members
    # Every member's cached pages (list of declarations, home tile) see the new campaign at once.
    assert _shared_stamp() != shared
    assert set(Declaration.objects.filter(campaign=campaign).values_list("status", flat=True)) == {"to_fill"}
    with pytest.raises(services.DeclarationError, match="existe déjà"):
        services.campaign_open(
            actor=staff_user, year=2027, reference_date=date(2027, 1, 1), opens_on=date(2027, 1, 4),
            closes_on=date(2027, 1, 31), tariff_si=1, tariff_sia=1, tariff_sir=1, vat_rate=20,
        )


@pytest.mark.parametrize("mark, expected", [(True, "closed"), (False, "in_progress")])
def test_campaign_close_by_choice(member_a, member_b, staff_user, member_admin, mark, expected):
    campaign = CampaignFactory(year=2025)
    late = DeclarationFactory(member=member_a, campaign=campaign, status=DeclarationStatus.IN_PROGRESS)
    staff_employees(member_b, si=1)
    done = DeclarationFactory(member=member_b, campaign=campaign, status=DeclarationStatus.CONFIRMED, number="D1")
    shared = _shared_stamp()
    services.campaign_close(campaign=campaign, actor=staff_user, mark_unfileable=mark)
    late.refresh_from_db()
    done.refresh_from_db()
    assert late.status == expected
    assert _shared_stamp() != shared
    assert done.status == DeclarationStatus.CONFIRMED
    with pytest.raises(services.DeclarationError, match="déjà clôturée"):
        services.campaign_close(campaign=campaign, actor=staff_user, mark_unfileable=mark)


def test_reminders_go_to_members_who_have_not_filed(campaign, member_a, member_b, staff_user):
    member_a.email = "a@example.test"
    member_a.save()
    member_b.email = "b@example.test"
    member_b.save()
    DeclarationFactory(member=member_a, campaign=campaign)
    DeclarationFactory(member=member_b, campaign=campaign, status=DeclarationStatus.CONFIRMED, number="D2")
    assert services.reminders_send(campaign=campaign, actor=staff_user) == 1
    assert mail.outbox[0].to == ["a@example.test"]
    assert "02/02/2026" in mail.outbox[0].body


def test_a_second_click_does_not_send_the_declaration_reminder_twice(campaign, member_a, staff_user):
    member_a.email = "a@example.test"
    member_a.save()
    DeclarationFactory(member=member_a, campaign=campaign)
    assert services.reminders_send(campaign=campaign, actor=staff_user) == 1
    assert services.reminders_send(campaign=campaign, actor=staff_user) == 0
    assert len(mail.outbox) == 1
