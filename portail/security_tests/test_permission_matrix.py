"""S-2: every URL pattern × every persona. 0 cross-tenant 2xx, another member's object answers 404
(never 403), anonymous never 2xx outside public pages, no portal account ever 2xx on /gestion/ or
/admin/, no 500 anywhere."""

import re

import pytest
from django.urls import resolve, reverse

from portail.backoffice.models import StaffRole
from portail.portal.permissions import VIEW_NEEDS
from portail.security_tests import matrix
from portail.security_tests.urls_walk import sample_kwargs, walk
from portail.security_tests.world import PERSONAS, build_world

LOGIN = "/connexion/"
STAFF_LOGIN = "/gestion/connexion/"
CHOOSER = "/choisir-adherent/"
SECOND_FACTOR = ("/gestion/verification/", "/gestion/double-authentification/")
# The admin has ~170 generated patterns: run them for a representative subset of personas.
ADMIN_PERSONAS = {"anonymous", "mandataire_a", "staff_no_otp", "staff_admin"}


def test_every_url_has_a_row():
    names = {p.name for p in walk()}
    missing = sorted(n for n in names if matrix.row_for(n) is None)
    stale = sorted(n for n in matrix.ROWS if n not in names)
    assert not missing, "URL sans ligne dans portail/security_tests/matrix.py ROWS: " + ", ".join(missing)
    assert not stale, "lignes de la matrice sans URL: " + ", ".join(stale)


def test_every_portal_url_declares_the_capability_it_needs():
    """The role check (portail/portal/permissions.py) has one line per portal URL name: none missing, none stale."""
    names = {p.name for p in walk()}
    portal_names = {n for n in names if (matrix.row_for(n) or matrix.Row("")).area == matrix.PORTAL}
    missing = sorted(portal_names - set(VIEW_NEEDS))
    stale = sorted(set(VIEW_NEEDS) - portal_names)
    assert not missing, "URL du portail sans capacité dans portail/portal/permissions.py: " + ", ".join(missing)
    assert not stale, "capacités sans URL du portail: " + ", ".join(stale)


def build_url(pattern, row, tenant, world) -> str:
    if pattern.name.startswith("<unnamed> "):
        route = pattern.route.replace("(?P<url>.*)$", "inconnu/")
        return "/" + re.sub(r"<[^>]+>", "1", route)
    if pattern.positional:
        return reverse(pattern.name, args=["1"] * pattern.positional)
    kwargs = row.kwargs(tenant, world) if row.kwargs else sample_kwargs(pattern)
    return reverse(pattern.name, kwargs=kwargs) + row.query


def staff_roles_of(url: str):
    """The roles `staff_required` was given for the view behind this URL (None: every staff role)."""
    func = resolve(url.split("?")[0]).func
    while func is not None:
        if hasattr(func, "staff_roles"):
            return func.staff_roles
        func = getattr(func, "__wrapped__", None)
    return None


def expectation(row, persona: str, url: str, name: str = ""):
    """(accepted statuses, redirect prefix or None) for this persona on this row."""
    own = row.allowed()
    lt500 = frozenset(range(100, 500))
    staff = persona.startswith("staff_")
    verified_staff = staff and persona != "staff_no_otp"
    area = row.area
    if area == matrix.PUBLIC:
        return lt500, None
    if persona == "staff_no_otp" and area != matrix.STAFF_AUTH:
        # Past the password step only: every other page sends to the second factor (test_staff_second_factor.py).
        return frozenset({302}), SECOND_FACTOR
    if area == matrix.API:
        # A session is no API credential: only a personal token is (test_api_matrix.py checks those).
        return frozenset({401}), None
    if persona == "anonymous":
        if area == matrix.STAFF_AUTH:
            return lt500, None
        target = {matrix.ADMIN: "/admin/login/", matrix.STAFF: STAFF_LOGIN}.get(area, LOGIN)
        return frozenset({302}), target
    if area == matrix.ACCOUNT:
        return own, None
    if area == matrix.ADMIN:
        # Only a staff account past its second factor may see an admin page.
        return (frozenset(own), None) if verified_staff else (frozenset({302}), "/admin/login/")
    if area == matrix.STAFF_AUTH:
        return lt500, None
    if area == matrix.PORTAL:
        if staff:
            return frozenset({403}), None
        if persona == "mandataire_revoked":
            return frozenset({302}), CHOOSER
        if persona.startswith("mandataire") and row.mandataire is not None:
            return row.mandataire, None
        if persona.startswith("user_") and not matrix.role_opens(persona.removeprefix("user_"), name):
            return frozenset({403}), None
        return own, None
    if area == matrix.STAFF:
        if not staff:
            return frozenset({403}), None
        if not verified_staff:
            return frozenset({302}), SECOND_FACTOR
        roles = staff_roles_of(url)
        role = persona.removeprefix("staff_")
        if roles is None or role == StaffRole.ADMIN or role in roles:
            return own, None
        return frozenset({403}), None
    raise AssertionError(f"zone inconnue {area}")


_clients: dict = {}
# Rows after which the persona's session is gone or changed: the next row starts a fresh login.
SESSION_CHANGING = {"accounts:logout", "admin:logout", "backoffice:logout", "accounts:switch_member"}


def request(world, persona, method, url, fresh=False):
    key = (id(world), persona)
    if fresh or key not in _clients:
        _clients.clear() if len(_clients) > 50 else None
        _clients[key] = world.client(persona)
    client = _clients[key]
    if fresh:
        _clients.pop(key)
    try:
        return client.get(url) if method == "GET" else client.post(url, {})
    except Exception as exc:  # noqa: BLE001 - a view that raises is a 500: report it with the others
        return exc


@pytest.mark.django_db
@pytest.mark.parametrize("persona", PERSONAS)
def test_permission_matrix(persona):
    world = build_world()
    own_tenant = world.b if persona == "member_b" else world.a
    problems = []
    checked = 0
    # GETs first, then POSTs: a rightful delete must not hide the object from the next row.
    rows = [(p, matrix.row_for(p.name)) for p in walk()]
    for pattern, row in sorted((r for r in rows if r[1]), key=lambda r: (r[1].method == "POST", r[0].name)):
        if (row.area == matrix.ADMIN and persona not in ADMIN_PERSONAS):
            continue
        # Foreign objects first: the rightful user's own POST may delete the object afterwards.
        if row.owned and (persona in ("member_a", "mandataire_a") or persona.startswith("user_")):
            url = build_url(pattern, row, world.b, world)
            response = request(world, persona, row.method, url)
            checked += 1
            status = getattr(response, "status_code", response)
            # A view the role never opens is refused before any lookup: 403 whatever the object, which tells
            # nothing about B's objects. Otherwise another member's object is a 404.
            refused = expectation(row, persona, url, pattern.name)[0] == frozenset({403})
            if status not in ({403, 404} if refused else {404}):
                problems.append(f"{pattern.name} {row.method} {url} sur l'objet de B: {status} (attendu 404)")
        url = build_url(pattern, row, own_tenant, world)
        response = request(world, persona, row.method, url, fresh=pattern.name in SESSION_CHANGING)
        checked += 1
        if isinstance(response, Exception):
            problems.append(f"{pattern.name} {row.method} {url}: exception {response!r}")
            continue
        accepted, target = expectation(row, persona, url, pattern.name)
        status = response.status_code
        location = response.get("Location", "")
        if status not in accepted:
            problems.append(f"{pattern.name} {row.method} {url}: {status} (attendu {sorted(accepted)[:6]})")
        elif target and not location.startswith(target):
            problems.append(f"{pattern.name} {row.method} {url}: redirige vers {location!r} (attendu {target})")
        if 200 <= status < 300 and row.area in (matrix.STAFF, matrix.ADMIN) and not persona.startswith("staff_"):
            problems.append(f"{pattern.name}: {status} pour un compte non-personnel")
    assert checked > 50
    assert not problems, f"{len(problems)} écart(s) pour {persona}:\n" + "\n".join(problems)
