"""Scale data: members with skewed sizes, their accounts, mandataires with 20–500 members each."""

from django.contrib.auth.hashers import make_password

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


def _centre_and_team():
    centre, _ = Centre.objects.get_or_create(
        name="Centre volume", defaults={"address_line1": "1 rue du Volume", "postal_code": "13001", "city": "MARSEILLE"}
    )
    team, _ = CareTeam.objects.get_or_create(name="Équipe volume", defaults={"centre": centre})
    return centre, team


def _members(ctx, sizes, centre, team) -> list[int]:
    rows = [
        Member(
            number=f"S{index:07d}", name=f"ENTREPRISE VOLUME {index}",
            siret=siret_from(siren_from(f"{50_000_000 + index:08d}"), "0001"),
            address_line1=f"{index % 200 + 1} avenue du Prado", postal_code="13008", city="MARSEILLE",
            naf_code="47.11F", centre=centre, care_team=team,
        )
        for index in range(len(sizes))
    ]
    Member.objects.bulk_create(rows, batch_size=BATCH)
    return list(Member.objects.filter(number__startswith="S").order_by("number").values_list("pk", flat=True))


def _accounts(ctx, member_ids) -> None:
    password = make_password(SCALE_PASSWORD)  # hashed once: the same hash serves every volume account
    User.objects.bulk_create(
        [User(username=f"S{i:07d}", kind=AccountKind.MEMBER, member_id=pk, password=password)
         for i, pk in enumerate(member_ids)],
        batch_size=BATCH,
    )
    mandataires, mandates, cursor = [], [], 0
    while cursor < len(member_ids) // 2:
        count = ctx.rng.randint(20, 500)
        user = User(username=f"cabinet.volume{len(mandataires)}", kind=AccountKind.MANDATAIRE, password=password,
                    organisation=f"Cabinet volume {len(mandataires)}")
        mandataires.append((user, member_ids[cursor:cursor + count]))
        cursor += count
    User.objects.bulk_create([u for u, _ in mandataires], batch_size=BATCH)
    for user, ids in mandataires:
        mandates.extend(Mandate(mandataire=user, member_id=pk) for pk in ids)
    Mandate.objects.bulk_create(mandates, batch_size=BATCH)
    ctx.created["mandataires"] = [(u.username, len(ids)) for u, ids in mandataires]


def generate(*, ctx, stdout) -> None:
    sizes = member_sizes(rng=ctx.rng, members=ctx.members, employees=ctx.employees)
    centre, team = _centre_and_team()
    member_ids = _members(ctx, sizes, centre, team)
    _accounts(ctx, member_ids)
    ctx.created["members"] = list(zip(member_ids, sizes, strict=True))
    small = sum(1 for s in sizes if s <= 10) / len(sizes)
    under_50 = sum(1 for s in sizes if s < 50) / len(sizes)
    stdout.write(f"  {len(sizes)} adhérents ({small:.0%} de 1 à 10 salariés, {under_50:.0%} sous 50), "
                 f"{len(ctx.created['mandataires'])} mandataires ; plus grand : {max(sizes)} salariés")
