import random
from io import StringIO

import pytest

from bench.data.members import member_sizes
from bench.generate import ScaleDataExists, generate
from portail.members.models import Member
from portail.workforce.models import Employee


def test_sizes_are_skewed_like_real_members():
    sizes = member_sizes(rng=random.Random(1), members=1_000, employees=15_000)
    assert len(sizes) == 1_000
    assert 0.75 <= sum(s <= 10 for s in sizes) / 1_000 <= 0.85
    assert sum(s < 50 for s in sizes) / 1_000 >= 0.94
    assert max(sizes) >= 5_000


def test_sizes_are_deterministic():
    assert member_sizes(rng=random.Random(7), members=500, employees=8_000) == member_sizes(
        rng=random.Random(7), members=500, employees=8_000
    )


@pytest.mark.django_db
def test_generate_xs_tier_creates_members_accounts_and_employees():
    generate(tier="XS", stdout=StringIO())
    assert Member.objects.filter(number__startswith="S").count() == 100
    employees = Employee.objects.filter(member__number__startswith="S")
    assert employees.count() >= 1_000
    assert not employees.filter(nir_hash="").exists()


@pytest.mark.django_db
def test_refuses_a_database_that_already_holds_scale_data():
    generate(tier="XS", stdout=StringIO())
    with pytest.raises(ScaleDataExists):
        generate(tier="XS", stdout=StringIO())


@pytest.mark.django_db
def test_each_care_team_has_its_own_doctor_and_nurse_and_shares_a_preventer():
    """A member's contacts page shows its own team: a few people, not every professional of the tier."""
    from bench.data.appointments import _professionals
    from bench.data.members import _centre_and_teams
    from bench.generate import ScaleContext
    from portail.members.models import TeamRole

    ctx = ScaleContext(tier="test", members=3_000, employees=0, rng=random.Random(1))
    _centre, teams = _centre_and_teams(ctx)
    ctx.created["care_teams"] = [team.pk for team in teams]
    _professionals(ctx)
    roles = [sorted(team.people.values_list("role", flat=True)) for team in teams]
    assert roles == [sorted([TeamRole.DOCTOR, TeamRole.NURSE, TeamRole.PREVENTER])] * 3
    preventers = [team.people.get(role=TeamRole.PREVENTER).pk for team in teams]
    assert preventers[0] == preventers[1] != preventers[2]


def test_xl_tier_sizes_reach_its_employees_with_the_same_skew():
    """The national sample: 400,000 members, 6 million employees, a giant per 20,000 members as on L, and member
    numbers and SIRENs that still fit their fixed width."""
    from bench.generate import TIERS

    members, employees = TIERS["XL"]
    sizes = member_sizes(rng=random.Random(2026), members=members, employees=employees)
    assert len(sizes) == members
    assert abs(sum(sizes) - employees) / employees < 0.01
    assert 0.75 <= sum(s <= 10 for s in sizes) / members <= 0.85
    assert sum(s >= 5_000 for s in sizes) == members // 20_000
    assert len(f"S{members - 1:07d}") == 8 and 50_000_000 + members - 1 < 100_000_000
