"""Who calls the API: a personal token (`Authorization: Bearer pspst_…`), counted against its allowance."""

from django.http import HttpRequest
from ninja.security import HttpBearer

from portail.accounts.models import ApiToken
from portail.accounts.selectors import api_token_authenticate
from portail.accounts.services import api_token_touch
from portail.core.ratelimit import hit


class RateLimited(Exception):
    """The token spent its allowance for the current window (RATE_LIMITS["api"])."""


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> ApiToken | None:
        api_token = api_token_authenticate(raw=token)
        if api_token is None:
            return None
        # One count per token in the shared cache: every worker and server sees the same allowance. A refused
        # call is not audited (a loop past the limit must not add a row per request).
        if not hit(scope="api", request=request, who=f"t{api_token.pk}"):
            raise RateLimited
        request.api_token = api_token  # type: ignore[attr-defined]  # read by the audit middleware
        api_token_touch(token=api_token)
        return api_token
