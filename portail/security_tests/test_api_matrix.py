"""The open API's permission matrix: every API route × every kind of account (member account, mandataire, each
role of a named user) × every token scope (all the role allows, reading only, one resource alone). On the
token's own company: the call passes exactly when both the token's scope and the account's role grant it (403
otherwise); on another company: 404 whatever the scope (0 cross-tenant reads); no 500 anywhere."""

import json

import pytest
from django.urls import reverse

from portail.accounts.roles import API_CAPABILITIES, GRANTS, MANDATAIRE, READ, WRITE, Role, can
from portail.api.tests.helpers import token_for
from portail.security_tests import matrix
from portail.security_tests.urls_walk import walk
from portail.security_tests.world import build_world

API_PERSONAS = ("member_a", "mandataire_a") + tuple(f"user_{role}" for role in Role.values)


def role_of(persona: str) -> str:
    return {"member_a": Role.ADMIN, "mandataire_a": MANDATAIRE}.get(persona, persona.removeprefix("user_"))


def scope_variants(role: str) -> dict[str, dict[str, str]]:
    """The token scopes this role can be given: everything it may, reading only, and each resource alone."""
    granted = {cap: GRANTS[role][cap] for cap in API_CAPABILITIES if cap in GRANTS[role]}
    variants = {"tout": granted, "lecture": dict.fromkeys(granted, READ)}
    variants.update({f"seulement {cap}": {cap: access} for cap, access in granted.items()})
    return {name: scopes for name, scopes in variants.items() if scopes}


def allowed(route: matrix.ApiRoute, role: str, scopes: dict[str, str]) -> bool:
    if route.capability is None:
        return True
    token_ok = scopes.get(route.capability) == WRITE or (scopes.get(route.capability) == READ and route.access == READ)
    return token_ok and can(role, route.capability, route.access)


def call(client, method: str, url: str, token: str, body: dict | None):
    headers = {"Authorization": f"Bearer {token}"}
    if method == "GET":
        return client.get(url, headers=headers)
    send = client.post if method == "POST" else client.patch
    return send(url, json.dumps(body or {}), content_type="application/json", headers=headers)


def test_every_api_route_is_in_the_matrix():
    names = {p.name for p in walk() if p.name.startswith("api:")} - {"api:openapi-json", "api:openapi-view", "api:api-root"}
    assert names == {name for name, _ in matrix.API_ROUTES}


@pytest.mark.django_db
@pytest.mark.parametrize("persona", API_PERSONAS)
def test_api_matrix(persona, client):
    world = build_world()
    user, role = world.users[persona], role_of(persona)
    problems, checked = [], 0
    # Reads first, then writes: a rightful exit must not change what the next reads see.
    routes = sorted(matrix.API_ROUTES.items(), key=lambda item: (item[0][1] != "GET", item[0]))
    for variant, scopes in scope_variants(role).items():
        token = token_for(user, scopes, role=role)
        for (name, method), route in routes:
            body = route.body(world.a, world) if route.body else None
            foreign = reverse(name, kwargs=route.kwargs(world.b, world))
            if "number" in route.kwargs(world.b, world):
                status = call(client, method, foreign, token, body).status_code
                checked += 1
                if status != 404:
                    problems.append(f"{variant}: {method} {foreign} (entreprise B): {status} (attendu 404)")
            own = reverse(name, kwargs=route.kwargs(world.a, world))
            status = call(client, method, own, token, body).status_code
            checked += 1
            expected = route.ok if allowed(route, role, scopes) else frozenset({403})
            if status not in expected:
                problems.append(f"{variant}: {method} {own}: {status} (attendu {sorted(expected)})")
    assert checked > 20
    assert not problems, f"{len(problems)} écart(s) pour {persona}:\n" + "\n".join(problems)


@pytest.mark.django_db
def test_a_revoked_mandate_closes_the_company_to_the_mandataire_s_token(client):
    world = build_world()
    token = token_for(world.users["mandataire_revoked"], {"employees": READ}, role=MANDATAIRE)
    for (name, method), route in matrix.API_ROUTES.items():
        if method == "GET" and "number" in route.kwargs(world.a, world):
            url = reverse(name, kwargs=route.kwargs(world.a, world))
            assert call(client, method, url, token, None).status_code == 404, url
