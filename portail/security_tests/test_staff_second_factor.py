"""A staff session that passed only the password step reaches nothing but the second factor (issue 16 §4).

Before, such a session could change the staff password at /mot-de-passe/ (and so end the staff member's
verified sessions elsewhere), or reach any other page that asks only for a login."""

import pytest
from django.test import Client

from portail.accounts.tests.factories import logged_in
from portail.backoffice.models import StaffRole
from portail.backoffice.tests.factories import STAFF_PASSWORD, login_verified, staff_with_device
from portail.security_tests import matrix
from portail.security_tests.test_permission_matrix import SECOND_FACTOR, build_url
from portail.security_tests.urls_walk import walk
from portail.security_tests.world import build_world

# The second-factor pages and the ways out; everything else sends to the second factor.
OPEN = {"backoffice:otp_verify", "backoffice:otp_enrol", "backoffice:logout", "accounts:logout", "health",
        "portal:theme_css"}
NEW_PASSWORD = "Une toute nouvelle phrase de passe du personnel"


@pytest.mark.django_db
def test_every_url_but_the_second_factor_sends_an_unverified_staff_session_there():
    world = build_world()
    user = world.users["staff_no_otp"]
    problems, checked = [], 0
    for pattern in walk():
        row = matrix.row_for(pattern.name)
        if row is None or pattern.name in OPEN:
            continue
        url = build_url(pattern, row, world.a, world)
        for method in ("GET", "POST"):
            client = logged_in(user)
            response = client.get(url) if method == "GET" else client.post(url, {})
            checked += 1
            location = response.get("Location", "")
            if response.status_code != 302 or not location.startswith(SECOND_FACTOR):
                problems.append(f"{pattern.name} {method} {url}: {response.status_code} {location!r}")
    assert checked > 200
    assert not problems, f"{len(problems)} page(s) ouvertes sans second facteur :\n" + "\n".join(problems)


def change_password(client):
    return client.post("/mot-de-passe/", {"old_password": STAFF_PASSWORD, "new_password1": NEW_PASSWORD,
                                          "new_password2": NEW_PASSWORD})


@pytest.mark.django_db
def test_password_step_alone_cannot_change_the_staff_password_nor_end_verified_sessions():
    user, device = staff_with_device(StaffRole.ADMIN)
    verified = login_verified(Client(), user, device)
    half = logged_in(user)
    response = change_password(half)
    assert response.status_code == 302 and response["Location"] == "/gestion/verification/"
    user.refresh_from_db()
    assert user.check_password(STAFF_PASSWORD)
    assert verified.get("/gestion/").status_code == 200


@pytest.mark.django_db
def test_a_verified_staff_session_changes_its_password():
    user, device = staff_with_device(StaffRole.ADMIN)
    client = login_verified(Client(), user, device)
    assert change_password(client)["Location"] == "/gestion/"
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)


@pytest.mark.django_db
def test_a_staff_member_forced_to_change_their_password_gives_the_second_factor_first():
    user, device = staff_with_device(StaffRole.ADMIN)
    user.must_change_password = True
    user.save(update_fields=["must_change_password"])
    half = logged_in(user)
    assert half.get("/mot-de-passe/")["Location"] == "/gestion/verification/"
    assert half.get("/gestion/verification/").status_code == 200
    verified = login_verified(Client(), user, device)
    assert verified.get("/gestion/")["Location"] == "/mot-de-passe/"
    assert verified.get("/mot-de-passe/").status_code == 200


@pytest.mark.django_db
def test_a_staff_member_without_a_device_is_sent_to_enrol():
    user, device = staff_with_device(StaffRole.ADMIN)
    device.delete()
    half = logged_in(user)
    assert half.get("/mot-de-passe/")["Location"] == "/gestion/double-authentification/"
    assert half.get("/gestion/double-authentification/").status_code == 200
