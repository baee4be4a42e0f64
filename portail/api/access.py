"""Which company a call acts for, and whether the token and its account may do it there.

The company is named in the path by its member number. The token's account must be able to act for it (its own
company and grouped establishments, a mandataire's active mandates, a named user's active memberships): otherwise
404, as for a missing one. Then both the token's scope and the account's current role in that company must grant
the capability (403 otherwise): a role lowered after the token was made lowers the token too.
"""

from collections.abc import Iterator
from contextlib import contextmanager

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django_scopes import scope

from portail.accounts.models import ApiToken
from portail.accounts.roles import READ, WRITE, Capability, Need
from portail.accounts.selectors import member_accessible_by_number, member_role
from portail.members.models import Member


class ScopeDenied(PermissionDenied):
    def __init__(self, need: Need):
        super().__init__(need)
        self.need = need


def token_grants(token: ApiToken, need: Need) -> bool:
    granted = (token.scopes or {}).get(str(need.capability))
    return granted == WRITE or (granted == READ and need.access == READ)


def token_of(request: HttpRequest) -> ApiToken:
    token = request.auth  # type: ignore[attr-defined]
    assert isinstance(token, ApiToken)
    return token


@contextmanager
def acting_for(request: HttpRequest, number: str, capability: Capability, access: str = READ) -> Iterator[Member]:
    """`with acting_for(request, number, C.EMPLOYEES, WRITE) as member:` the rest runs in that member's scope."""
    token = token_of(request)
    member = member_accessible_by_number(user=token.user, number=number)
    if member is None:
        raise Http404
    request.api_member = member  # type: ignore[attr-defined]  # read by the audit middleware
    need = Need(capability, access)
    if not (token_grants(token, need) and need.met_by(member_role(user=token.user, member_id=member.pk))):
        raise ScopeDenied(need)
    with scope(member=member):
        yield member
