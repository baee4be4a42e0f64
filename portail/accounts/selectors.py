"""Which members a portal account may act for, and with which role; a company's named users."""

import hashlib
import hmac

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.http import Http404, HttpRequest
from django.utils import timezone
from django_scopes import scopes_disabled

from portail.accounts import roles
from portail.accounts.models import AccountKind, ApiToken, EmailOptOut, Invitation, Mandate, Membership, User
from portail.core.tenancy import current_member_id
from portail.members.models import Member, NoticeDelivery, NoticeKind


def accessible_members(*, user: User) -> QuerySet[Member]:
    """A member account: its own member and the establishments grouped under it
    ("Liste des regroupées"). A mandataire: the members of its active mandates."""
    if user.kind == AccountKind.MEMBER:
        return Member.objects.filter(Q(pk=user.member_id) | Q(group_head_id=user.member_id))
    if user.kind == AccountKind.MANDATAIRE:
        return Member.objects.filter(mandates__mandataire=user, mandates__revoked_at__isnull=True)
    if user.kind == AccountKind.USER:
        return Member.objects.filter(memberships__user=user, memberships__is_active=True)
    return Member.objects.none()


def member_accessible(*, user: User, member_id: int) -> Member | None:
    """The member `member_id` if `user` may act for it (the rule of `accessible_members`), else None.

    Read on every portal request, before the member's scope exists: the centre and the care team are left to the
    one page that shows them (tab 2.2). At most one row (one active mandate, one membership per pair): `get` spares the ordering
    that `first` adds.
    """
    try:
        return accessible_members(user=user).annotate(unread_notices=_unread_notices(user)).get(pk=member_id)
    except Member.DoesNotExist:
        return None


def member_accessible_by_number(*, user: User, number: str) -> Member | None:
    """The member numbered `number` if `user` may act for it (the API names a company by its number), else None."""
    return accessible_members(user=user).filter(number=number).first()
def _unread_notices(user: User) -> Coalesce:
    """The count in the portal header, read with the member on every request (no query of its own): the user's
    unread notifications there (index notice_unread_idx)."""
    with scopes_disabled():  # the member is the outer row: the subquery names it
        unread = (NoticeDelivery.objects.filter(member=OuterRef("pk"), user=user, read_at__isnull=True).order_by()
                  .values("member").annotate(count=Count("pk")).values("count")[:1])
    return Coalesce(Subquery(unread), Value(0))


def member_role(*, user: User, member_id: int) -> str | None:
    """The role `user` holds in the member they act for (already checked accessible): a company's principal
    account administers it, a mandataire acts as one (roles.MANDATAIRE), a named user has their membership's."""
    if user.kind == AccountKind.MEMBER:
        return roles.Role.ADMIN
    if user.kind == AccountKind.MANDATAIRE:
        return roles.MANDATAIRE
    if user.kind == AccountKind.USER:
        return (Membership.objects.filter(user=user, member_id=member_id, is_active=True)
                .values_list("role", flat=True).first())
    return None


def resolve_current_member(request: HttpRequest) -> Member | None:
    """The session's company, re-checked on every request so a revoked mandate bites at once."""
    user = request.user
    if not isinstance(user, User):  # anonymous
        return None
    member_id = current_member_id(request)
    if member_id is None and user.kind == AccountKind.USER:
        # A person of one company only needs no chooser (the login sets the session's company otherwise).
        only = list(Membership.objects.filter(user=user, is_active=True).values_list("member_id", flat=True)[:2])
        member_id = only[0] if len(only) == 1 else None
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


def active_mandates(*, mandataire: User | None = None, member: Member | None = None) -> QuerySet[Mandate]:
    mandates = Mandate.objects.filter(revoked_at__isnull=True).select_related("mandataire", "member")
    if mandataire is not None:
        mandates = mandates.filter(mandataire=mandataire)
    if member is not None:
        mandates = mandates.filter(member=member)
    return mandates


def member_account_emails(*, member: Member) -> list[str]:
    """Where to tell a member that the service answered: its active member accounts' e-mails."""
    accounts = User.objects.filter(member=member, kind=AccountKind.MEMBER, is_active=True).exclude(email="")
    return sorted({account.email for account in accounts})


# --- a company's named users -----------------------------------------------------------------

def company_memberships(*, member: Member) -> QuerySet[Membership]:
    """The company's named users, active first, with their last login."""
    return (Membership.objects.filter(member=member).select_related("user")
            .order_by("-is_active", "user__last_name", "user__first_name", "user__username"))


def membership_get(*, member: Member, pk: int) -> Membership:
    """One of the company's memberships; another company's answers 404."""
    membership = Membership.objects.filter(member=member, pk=pk).select_related("user", "member").first()
    if membership is None:
        raise Http404
    return membership


def pending_invitations(*, member: Member) -> QuerySet[Invitation]:
    return (Invitation.objects.filter(member=member, accepted_at=None, revoked_at=None,
                                      expires_at__gt=timezone.now())
            .select_related("invited_by").order_by("-created_at"))


def invitation_get(*, member: Member, pk: int) -> Invitation:
    invitation = Invitation.objects.filter(member=member, pk=pk).first()
    if invitation is None:
        raise Http404
    return invitation


def token_hash(token: str) -> str:
    """How an invitation's token is stored: its hash only, the link itself is in the e-mail alone."""
    return hashlib.sha256(token.encode()).hexdigest()


def invitation_by_token(*, token: str) -> Invitation | None:
    """The invitation a link names, if it can still be accepted (not used, cancelled nor expired)."""
    invitation = (Invitation.objects.filter(token_hash=token_hash(token))
                  .select_related("member", "invited_by").first())
    return invitation if invitation is not None and invitation.is_pending else None


def account_exists(*, email: str) -> bool:
    return User.objects.filter(username=email.strip().lower()).exists()


# --- personal API tokens ---------------------------------------------------------------------

API_TOKEN_START = "pspst_"


def api_tokens_of(*, user: User) -> QuerySet[ApiToken]:
    """The account's own tokens, the usable ones first (a token belongs to the person, not to a company)."""
    return ApiToken.objects.filter(user=user).order_by("revoked_at", "-created_at")


def api_token_get(*, user: User, pk: int) -> ApiToken:
    token = ApiToken.objects.filter(user=user, pk=pk).first()
    if token is None:
        raise Http404
    return token


def api_token_authenticate(*, raw: str) -> ApiToken | None:
    """The usable token `raw` names (`pspst_<prefix>_<secret>`), with its account; None otherwise.

    Looked up by its prefix, then the secret's hash compared in constant time; revoked, expired or of a
    deactivated account: None."""
    if not raw.startswith(API_TOKEN_START) or len(raw) > 120:
        return None
    prefix, _, secret = raw[len(API_TOKEN_START):].partition("_")
    if not prefix or not secret:
        return None
    token = ApiToken.objects.select_related("user").filter(prefix=prefix).first()
    if token is None or not hmac.compare_digest(token.secret_hash, token_hash(secret)):
        return None
    return token if token.is_usable(timezone.now()) else None
# A named user is told only of what their role opens: an accounting user gets no convocation naming an employee.
NOTICE_NEEDS = {NoticeKind.CONVOCATION: roles.Capability.APPOINTMENTS, NoticeKind.INVOICE: roles.Capability.BILLING,
                NoticeKind.CAMPAIGN: roles.Capability.DECLARATIONS}


def _roles_told(kind: str) -> list[str]:
    capability = NOTICE_NEEDS.get(kind, roles.Capability.HOME)  # type: ignore[call-overload]
    return [role for role in roles.Role.values if roles.can(role, capability)]


def member_notice_recipients(*, member: Member, kind: str) -> list[tuple[User, bool]]:
    """The company's users a notice goes to, each with whether they want its `kind` by e-mail (their
    preferences): the principal accounts and the active named users. Not the mandataires: an accounting firm
    reads the company's notifications page, it is not told."""
    opted_out = EmailOptOut.objects.filter(user=OuterRef("pk"), kind=kind)
    users = (User.objects.filter(is_active=True)
             .filter(Q(member=member, kind=AccountKind.MEMBER)
                     | Q(kind=AccountKind.USER, memberships__member=member, memberships__is_active=True,
                         memberships__role__in=_roles_told(kind)))
             .distinct().annotate(opted_out=Exists(opted_out)).order_by("pk"))
    return [(user, not user.opted_out) for user in users]


def members_notice_recipients(*, member_ids: list[int], kind: str) -> dict[int, list[tuple[User, bool]]]:
    """member_notice_recipients for many members in two queries: {member id: [(user, wants e-mail)]}."""
    opted_out = Exists(EmailOptOut.objects.filter(user=OuterRef("pk"), kind=kind))
    found: dict[int, list[tuple[User, bool]]] = {}
    for user in (User.objects.filter(is_active=True, kind=AccountKind.MEMBER, member_id__in=member_ids)
                 .annotate(opted_out=opted_out)):
        if user.member_id is not None:
            found.setdefault(user.member_id, []).append((user, not user.opted_out))
    for membership in (Membership.objects.filter(member_id__in=member_ids, is_active=True, user__is_active=True,
                                                 user__kind=AccountKind.USER, role__in=_roles_told(kind))
                       .select_related("user").annotate(opted_out=Exists(EmailOptOut.objects.filter(
                           user=OuterRef("user"), kind=kind)))):
        found.setdefault(membership.member_id, []).append((membership.user, not membership.opted_out))
    return found


def email_opt_outs(*, user: User) -> set[str]:
    """The kinds of notice `user` does not want by e-mail."""
    return set(EmailOptOut.objects.filter(user=user).values_list("kind", flat=True))
