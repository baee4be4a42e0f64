import logging

from django.core import mail

from conftest import SECRET_PATTERNS


def test_password_reset_is_throttled_per_ip(client, member_admin, settings):
    settings.RATE_LIMITS = {"password_reset": (3, 3600)}
    for _ in range(3):
        assert client.post("/mot-de-passe/oublie/", {"login": member_admin.username}).status_code == 302
    response = client.post("/mot-de-passe/oublie/", {"login": member_admin.username})
    assert response.status_code == 429 and "Trop de demandes" in response.content.decode()
    assert len(mail.outbox) == 3


def test_exports_are_throttled_per_account(client_a, client, other_member, settings):
    settings.RATE_LIMITS = {"export": (2, 3600)}
    assert client_a.get("/salaries/export.csv").status_code == 200
    assert client_a.get("/salaries/export.xlsx").status_code == 200
    assert client_a.get("/salaries/export.csv").status_code == 429


def test_log_hygiene_patterns_catch_a_nir_and_a_password():
    leaked = "Employé 2 95 10 99 126 111 93 créé, password=secret"
    assert sum(bool(p.search(leaked)) for p in SECRET_PATTERNS) == 2
    assert not any(p.search("Facture n° 2026-000123 de 1 800,00 €") for p in SECRET_PATTERNS)


def test_the_recorder_is_attached_to_the_root_logger():
    from conftest import _log_recorder

    assert _log_recorder in logging.getLogger().handlers
