import html

import pytest
from django.urls import reverse

from portail.accounts.tests.factories import PASSWORD, MandataireFactory
from portail.audit.models import Event

LOGIN = "/connexion/"


def post_login(client, username, password=PASSWORD, mandataire=False, ip="10.0.0.1"):
    data = {"username": username, "password": password}
    if mandataire:
        data["is_mandataire"] = "on"
    return client.post(LOGIN, data, REMOTE_ADDR=ip, HTTP_USER_AGENT="pytest")


def test_login_page_has_the_seed_fields_and_notice(client, db):
    page = html.unescape(client.get(LOGIN).content.decode())
    for text in ("N° adhérent", "Mot de passe", "Je dispose d'une connexion en tant que mandataire",
                 "J'ai oublié mon mot de passe",
                 "En me connectant au site, j'accepte que les informations saisies soient exploitées"):
        assert text in page


def test_member_logs_in_with_member_number(client, member_admin):
    response = post_login(client, member_admin.username)
    assert response.status_code == 302 and response.url == "/"
    assert client.get("/").status_code == 200
    assert Event.objects.filter(action="auth.login", actor=member_admin).count() == 1


def test_wrong_password_is_refused_in_french(client, member_admin):
    response = post_login(client, member_admin.username, "mauvais-mot-de-passe")
    assert response.status_code == 200
    assert "mot de passe incorrect" in response.content.decode()
    assert Event.objects.filter(action="auth.login_failed").count() == 1


def test_mandataire_must_tick_the_box(client, mandataire):
    assert post_login(client, mandataire.username).status_code == 200
    response = post_login(client, mandataire.username, mandataire=True)
    assert response.status_code == 302


def test_member_cannot_log_in_as_mandataire(client, member_admin):
    assert post_login(client, member_admin.username, mandataire=True).status_code == 200


def test_staff_cannot_use_the_member_login(client, staff_user):
    assert post_login(client, staff_user.username, "Personnel-Tres-Solide-2026").status_code == 200


def test_logout_ends_the_server_side_session(client, member_admin):
    post_login(client, member_admin.username)
    session_key = client.session.session_key
    client.post("/deconnexion/")
    from django.contrib.sessions.models import Session

    assert not Session.objects.filter(session_key=session_key).exists()
    assert client.get("/").status_code == 302


def test_sessions_expire_after_thirty_idle_minutes(client, member_admin, settings):
    import time_machine

    assert settings.SESSION_COOKIE_AGE == 1800
    # Sessions are read from the cache; Redis counts its expiry in real time, which time_machine cannot move (the
    # Redis test below checks that expiry), the local memory cache in Python's time.
    settings.CACHES = {**settings.CACHES, "default": {**settings.CACHES["default"],
                                                      "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                                                      "LOCATION": "idle-expiry"}}
    with time_machine.travel("2026-03-02 08:00 +0100", tick=False):
        post_login(client, member_admin.username)
    # Activity every 20 minutes keeps the session alive well past 30 minutes...
    for minute in (20, 40, 59):
        with time_machine.travel(f"2026-03-02 08:{minute:02d} +0100", tick=False):
            assert client.get("/").status_code == 200
    # ...and 31 idle minutes end it.
    with time_machine.travel("2026-03-02 09:30 +0100", tick=False):
        response = client.get("/")
        assert response.status_code == 302 and response.url.startswith("/connexion/")


@pytest.mark.redis
def test_a_session_in_redis_expires_after_thirty_idle_minutes(client, member_admin, settings):
    from django.core.cache import caches

    post_login(client, member_admin.username)
    cache = caches[settings.SESSION_CACHE_ALIAS]
    key = cache.make_and_validate_key(client.session.cache_key)
    ttl = cache._cache.get_client(key).ttl(key)
    assert settings.SESSION_COOKIE_AGE - 60 <= ttl <= settings.SESSION_COOKIE_AGE


def test_logging_in_again_restarts_the_absolute_lifetime(client, member_admin, settings):
    import time_machine

    settings.SESSION_ABSOLUTE_SECONDS = 3600
    with time_machine.travel("2026-03-02 08:00 +0100", tick=False):
        post_login(client, member_admin.username)
        assert client.get("/").status_code == 200
    for minute in (20, 40):  # the session of 08:00 kept open
        with time_machine.travel(f"2026-03-02 08:{minute:02d} +0100", tick=False):
            assert client.get("/").status_code == 200
    before = client.session.session_key
    with time_machine.travel("2026-03-02 08:50 +0100", tick=False):
        client.force_login(member_admin)
    assert client.session.session_key != before  # a new login, a new key
    with time_machine.travel("2026-03-02 09:10 +0100", tick=False):
        assert client.get("/").status_code == 200


def test_a_page_view_does_not_rewrite_the_session_each_time(client, member_admin):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    post_login(client, member_admin.username)
    client.get("/informations/")
    with CaptureQueriesContext(connection) as queries:
        client.get("/informations/")
    writes = [q["sql"] for q in queries.captured_queries if q["sql"].startswith("UPDATE \"django_session\"")]
    assert writes == []


def test_a_page_view_reads_its_session_from_the_cache(client, member_admin):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    post_login(client, member_admin.username)
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/informations/").status_code == 200
    reads = [q["sql"] for q in queries.captured_queries if q["sql"].startswith("SELECT") and "django_session" in q["sql"]]
    assert reads == []


def test_mandataire_with_several_mandates_lands_on_the_cockpit_of_its_clients(client, mandataire, member_a,
                                                                              member_c):
    response = post_login(client, mandataire.username, mandataire=True)
    assert response.url == reverse("portal:cockpit")
    page = client.get(response.url).content.decode()
    assert member_a.name in page and member_c.name in page


def test_mandataire_with_one_mandate_goes_home(client, member_a):
    from portail.accounts.tests.factories import MandateFactory

    user = MandataireFactory()
    MandateFactory(mandataire=user, member=member_a)
    response = post_login(client, user.username, mandataire=True)
    assert response.url == "/"


def test_session_has_an_absolute_lifetime(client, member_admin, settings):
    import time_machine

    settings.SESSION_COOKIE_AGE = 24 * 3600  # take idle expiry out of the picture

    with time_machine.travel("2026-03-02 08:00 +0100", tick=False):
        post_login(client, member_admin.username)
        assert client.get("/").status_code == 200
    with time_machine.travel("2026-03-02 19:59 +0100", tick=False):
        assert client.get("/").status_code == 200
    with time_machine.travel("2026-03-02 20:01 +0100", tick=False):
        response = client.get("/")
        assert response.status_code == 302 and response.url == "/connexion/"
