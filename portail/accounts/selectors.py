"""Which members a portal account may act for."""

from django.db.models import Q, QuerySet

from portail.accounts.models import AccountKind, Mandate, User
from portail.core.tenancy import current_member_id
from portail.members.models import Member


def accessible_members(*, user: User) -> QuerySet[Member]:
    """A member account: its own member and the establishments grouped under it
    ("Liste des regroupées"). A mandataire: the members of its active mandates."""
    if user.kind == AccountKind.MEMBER:
        return Member.objects.filter(Q(pk=user.member_id) | Q(group_head_id=user.member_id))
    if user.kind == AccountKind.MANDATAIRE:
        return Member.objects.filter(mandates__mandataire=user, mandates__revoked_at__isnull=True)
    return Member.objects.none()


def member_accessible(*, user: User, member_id: int) -> Member | None:
    """The member `member_id` if `user` may act for it (the rule of `accessible_members`), else None.

    Read on every portal request, before the member's scope exists: the centre and the care team are left to the
    one page that shows them (tab 2.2). At most one row (one active mandate per pair): `get` spares the ordering
    that `first` adds.
    """
    try:
        return accessible_members(user=user).get(pk=member_id)
    except Member.DoesNotExist:
        return None


def resolve_current_member(request) -> Member | None:
    """The session's company, re-checked on every request so a revoked mandate bites at once."""
    user = request.user
    member_id = current_member_id(request)
    if member_id is None and user.kind == AccountKind.MEMBER:
        member_id = user.member_id
    if member_id is None:
        return None
    return member_accessible(user=user, member_id=member_id)


def search_accessible_members(*, user: User, query: str = "", limit: int = 50) -> QuerySet[Member]:
    """The chooser's rows: what it shows only (a mandataire may have 500 companies, 50 a page)."""
    members = accessible_members(user=user).only("pk", "name", "number", "siret").order_by("name")
    query = query.strip()
    if query:
        members = members.filter(Q(name__icontains=query) | Q(number__startswith=query) | Q(siret__startswith=query))
    return members[:limit]


def portal_account_get(*, pk: int) -> User:
    """A member or mandataire account (staff accounts are managed elsewhere); 404 otherwise."""
    from django.http import Http404

    user = User.objects.filter(pk=pk, kind__in=(AccountKind.MEMBER, AccountKind.MANDATAIRE)).first()
    if user is None:
        raise Http404
    return user


def mandataires(*, query: str = "") -> QuerySet[User]:
    users = User.objects.filter(kind=AccountKind.MANDATAIRE)
    query = query.strip()
    if query:
        users = users.filter(Q(username__icontains=query) | Q(organisation__icontains=query)
                             | Q(last_name__icontains=query) | Q(email__icontains=query))
    return users.order_by("organisation", "username")


def active_mandates(*, mandataire: User | None = None, member: Member | None = None):
    mandates = Mandate.objects.filter(revoked_at__isnull=True).select_related("mandataire", "member")
    if mandataire is not None:
        mandates = mandates.filter(mandataire=mandataire)
    if member is not None:
        mandates = mandates.filter(member=member)
    return mandates


def member_account_emails(*, member) -> list[str]:
    """Where to tell a member that the service answered: its active member accounts' e-mails."""
    accounts = User.objects.filter(member=member, kind=AccountKind.MEMBER, is_active=True).exclude(email="")
    return sorted({account.email for account in accounts})
