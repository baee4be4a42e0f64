"""Scale data: members with skewed sizes, their accounts, mandataires with 20–500 members each."""

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from bench.data.bulk import copy_rows, reserve_ids
from portail.accounts.models import AccountKind, Mandate, User
from portail.core.identifiers import siren_from, siret_from
from portail.members.models import CareTeam, Centre, Member

BATCH = 2_000
SCALE_PASSWORD = "Volume-Adherent-2026"  # noqa: S105 - fictional benchmark accounts


def member_sizes(*, rng, members: int, employees: int) -> list[int]:
    """≈80 % with 1–10 employees, ≈95 % under 50, a few giants of 5,000–20,000 (quality anchors §3.1)."""
    giants = [20_000, 5_000] if employees >= 100_000 else ([5_000] if employees >= 15_000 else [])
    giants += [rng.randint(5_000, 20_000) for _ in range(max(0, members // 20_000 - 2))]
    rest = members - len(giants)
    small = [rng.randint(1, 10) for _ in range(int(rest * 0.80))]
    medium = [rng.randint(11, 49) for _ in range(int(rest * 0.15))]
    large_count = rest - len(small) - len(medium)
    budget = max(employees - sum(giants) - sum(small) - sum(medium), large_count * 50)
    large = [max(50, budget // max(large_count, 1)) for _ in range(large_count)]
    sizes = giants + small + medium + large
    rng.shuffle(sizes)
    return sizes


MEMBERS_PER_TEAM = 1_000  # a care team (one doctor, one nurse, half a preventer) follows about a thousand members


def _centre_and_teams(ctx):
    centre, _ = Centre.objects.get_or_create(
        name="Centre volume", defaults={"address_line1": "1 rue du Volume", "postal_code": "13001", "city": "MARSEILLE"}
    )
    teams = [CareTeam.objects.get_or_create(name=f"Équipe volume {n + 1}", defaults={"centre": centre})[0]
             for n in range(max(1, ctx.members // MEMBERS_PER_TEAM))]
    return centre, teams


MEMBER_COLUMNS = ["id", "number", "name", "siret", "address_line1", "postal_code", "city", "naf_code", "centre_id",
                  "care_team_id"]
USER_COLUMNS = ["id", "username", "kind", "member_id", "password", "organisation", "date_joined"]
MANDATE_COLUMNS = ["mandataire_id", "member_id", "granted_at"]


def _members(ctx, sizes, centre, teams) -> list[int]:
    # Plain rows through COPY with reserved ids, not model instances through bulk_create: at tier L the
    # per-instance field preparation cost more than the insert itself.
    count = len(sizes)
    first = reserve_ids(Member, count)
    with transaction.atomic():
        copy_rows(Member, MEMBER_COLUMNS, (
            (first + index, f"S{index:07d}", f"ENTREPRISE VOLUME {index}",
             siret_from(siren_from(f"{50_000_000 + index:08d}"), "0001"), f"{index % 200 + 1} avenue du Prado",
             "13008", "MARSEILLE", "47.11F", centre.pk, teams[index % len(teams)].pk)
            for index in range(count)
        ), batch_size=BATCH)
    return list(range(first, first + count))


def _accounts(ctx, member_ids) -> None:
    password = make_password(SCALE_PASSWORD)  # hashed once: the same hash serves every volume account
    now = timezone.now()
    mandataires, cursor = [], 0
    while cursor < len(member_ids) // 2:
        count = ctx.rng.randint(20, 500)
        mandataires.append((f"cabinet.volume{len(mandataires)}", member_ids[cursor:cursor + count]))
        cursor += count
    # Member accounts first, then the mandataires: the same ids bulk_create gave them.
    first = reserve_ids(User, len(member_ids) + len(mandataires))
    firm = first + len(member_ids)
    with transaction.atomic():
        copy_rows(User, USER_COLUMNS, (
            (first + i, f"S{i:07d}", AccountKind.MEMBER, pk, password, "", now) for i, pk in enumerate(member_ids)
        ), batch_size=BATCH)
        copy_rows(User, USER_COLUMNS, (
            (firm + n, username, AccountKind.MANDATAIRE, None, password, f"Cabinet volume {n}", now)
            for n, (username, _ids) in enumerate(mandataires)
        ), batch_size=BATCH)
        copy_rows(Mandate, MANDATE_COLUMNS, (
            (firm + n, pk, now) for n, (_username, ids) in enumerate(mandataires) for pk in ids
        ), batch_size=BATCH)
    ctx.created["mandataires"] = [(username, len(ids)) for username, ids in mandataires]


def generate(*, ctx, stdout) -> None:
    sizes = member_sizes(rng=ctx.rng, members=ctx.members, employees=ctx.employees)
    centre, teams = _centre_and_teams(ctx)
    member_ids = _members(ctx, sizes, centre, teams)
    ctx.created["care_teams"] = [team.pk for team in teams]
    _accounts(ctx, member_ids)
    ctx.created["members"] = list(zip(member_ids, sizes, strict=True))
    small = sum(1 for s in sizes if s <= 10) / len(sizes)
    under_50 = sum(1 for s in sizes if s < 50) / len(sizes)
    print(f"  {len(sizes)} adhérents ({small:.0%} de 1 à 10 salariés, {under_50:.0%} sous 50), "
          f"{len(ctx.created['mandataires'])} mandataires ; plus grand : {max(sizes)} salariés", file=stdout)
