"""The members the page bench rotates over: a seeded sample of the members with an account (the generated ones
once a tier is loaded), the biggest ones always in, one session each created in bulk, and the records their pages
name (bench/pages.py); plus mandataires holding mandates on some of them, who switch between their companies.

bench/journey_cpu.py takes its "never viewed" members from the other end of the same shuffled order.
"""

import random

from django.db.models import Count, Max, Min, Q
from django_scopes import scopes_disabled

from bench.pages import member_paths
from bench.sessions import session_keys

SEED = 2026


def shuffled_members() -> list[int]:
    """Ids of the members with a member account, in a fixed pseudo-random order."""
    from portail.accounts.models import AccountKind, User

    with scopes_disabled():
        ids = sorted(set(User.objects.filter(kind=AccountKind.MEMBER, member__isnull=False)
                         .values_list("member_id", flat=True)))
    random.Random(SEED).shuffle(ids)
    return ids


def biggest_members(count: int) -> list[int]:
    from portail.members.models import Member

    with scopes_disabled():
        return list(Member.objects.annotate(n=Count("employees")).order_by("-n").values_list("pk", flat=True)[:count])


def member_records(member_ids: list[int]) -> dict[int, dict]:
    """Per member: an employee to edit, a name to search, a declaration to fill (members without an employee are
    left out: the list, the search and the write need one)."""
    from portail.declarations.models import FILLABLE, Declaration
    from portail.members.models import Member
    from portail.workforce.models import Employee

    with scopes_disabled():
        first = dict(Employee.objects.filter(member_id__in=member_ids).values("member_id")
                     .annotate(pk=Min("pk")).values_list("member_id", "pk"))
        names = dict(Employee.objects.filter(pk__in=first.values()).values_list("pk", "birth_name"))
        to_fill = dict(Declaration.objects.filter(member_id__in=member_ids, status__in=FILLABLE).values("member_id")
                       .annotate(pk=Max("pk")).values_list("member_id", "pk"))
        numbers = dict(Member.objects.filter(pk__in=member_ids).values_list("pk", "number"))
    return {
        pk: {"id": pk, "number": numbers[pk], "employee": first[pk], "search": names[first[pk]][:3].lower(),
             "declaration": to_fill.get(pk)}
        for pk in member_ids if pk in first
    }


def refresh_snapshots(member_ids: list[int]) -> None:
    """In production the nightly compliance_refresh has run before the day's first view; the generator leaves the
    snapshots to it (hours at L): compute them for the pool's members only."""
    from portail.appointments.snapshots import snapshots_refresh
    from portail.members.models import Member

    with scopes_disabled():
        for member in Member.objects.filter(pk__in=member_ids):
            snapshots_refresh(member=member)


def build_pool(*, members: int, mandataires: int, giants: int = 2) -> dict:
    """The pool as locust reads it: members (with their session and page paths) and mandataires (with their
    session and the indexes of their pool members)."""
    from portail.accounts.models import AccountKind, Mandate, User

    chosen = list(dict.fromkeys([*biggest_members(giants), *shuffled_members()[: members + members // 10]]))
    records = list(member_records(chosen).values())[:members]
    refresh_snapshots([r["id"] for r in records])
    with scopes_disabled():
        accounts = dict(User.objects.filter(kind=AccountKind.MEMBER, member_id__in=[r["id"] for r in records])
                        .order_by("pk").values_list("member_id", "pk"))
        users = User.objects.in_bulk(accounts.values())
        index = {r["id"]: i for i, r in enumerate(records)}
        firms: dict[int, list[int]] = {}
        for firm, member_id in (Mandate.objects.filter(member_id__in=index, revoked_at__isnull=True)
                                .values_list("mandataire_id", "member_id")):
            firms.setdefault(firm, []).append(index[member_id])
        busiest = (User.objects.filter(kind=AccountKind.MANDATAIRE, pk__in=firms)
                   .annotate(n=Count("mandates", filter=Q(mandates__revoked_at__isnull=True)))
                   .order_by("-n").values_list("pk", flat=True)[:mandataires])
        firm_users = User.objects.in_bulk(list(busiest))
    keys = session_keys([(users[accounts[r["id"]]], r["id"]) for r in records])
    for record, key in zip(records, keys, strict=True):
        record["session"], record["paths"] = key, member_paths(record)
    firm_list = [{"username": user.username, "members": firms[pk]} for pk, user in firm_users.items()]
    firm_keys = session_keys([(firm_users[pk], records[firms[pk][0]]["id"]) for pk in firm_users])
    for firm, key in zip(firm_list, firm_keys, strict=True):
        firm["session"] = key
    return {"members": records, "mandataires": firm_list}
