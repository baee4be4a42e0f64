"""Tokens and calls for the API tests."""

from datetime import timedelta

from django.test import Client
from django.utils import timezone

from portail.accounts.roles import GRANTS, MANDATAIRE, Role
from portail.accounts.services import api_token_create

ALL_WRITE = {"employees": "write", "billing": "write", "declarations": "write", "appointments": "write"}


def token_for(user, scopes=None, *, role=None) -> str:
    """A token's text for `user`, with `scopes` (default: all the API's resources in writing, as far as the role
    `role` allows; a member account and a mandataire: their own role)."""
    if role is None:
        role = MANDATAIRE if user.is_mandataire else Role.ADMIN
    if scopes is None:
        granted = GRANTS[role]
        scopes = {cap: access for cap, access in ALL_WRITE.items() if cap in granted}
        scopes = {cap: granted[cap] for cap in scopes}
    return api_token_create(user=user, role=role, name="Logiciel de paie", scopes=scopes,
                            expires_on=timezone.localdate() + timedelta(days=30)).text


class Api:
    """A client sending the token on every call."""

    def __init__(self, token: str):
        self.client = Client()
        self.headers = {"Authorization": f"Bearer {token}"}

    def get(self, path, data=None):
        return self.client.get(f"/api/v1{path}", data, headers=self.headers)

    def post(self, path, body=None):
        return self.client.post(f"/api/v1{path}", body or {}, content_type="application/json", headers=self.headers)

    def patch(self, path, body=None):
        return self.client.patch(f"/api/v1{path}", body or {}, content_type="application/json", headers=self.headers)
