"""Personal API tokens: made in the account area and shown once, hashed at rest, limited to the role, revocable,
expiring, dead with their account; every call audited and rate limited per token."""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from portail.accounts.models import ApiToken
from portail.accounts.roles import Role
from portail.accounts.tests.factories import MembershipFactory
from portail.api.tests.helpers import Api, token_for
from portail.audit.models import Event
from portail.core.tenancy import SESSION_KEY

pytestmark = pytest.mark.django_db


def test_the_account_page_creates_a_token_shown_once_and_stored_hashed(client, member_admin):
    client.force_login(member_admin)
    response = client.post("/compte/acces-api/", {"name": "Paie", "expires_on": timezone.localdate() + timedelta(days=30),
                                                  "scope_employees": "write"})
    assert response.status_code == 200
    text = response.context["issued"].text
    assert text in response.content.decode()
    token = ApiToken.objects.get(user=member_admin)
    assert text.split("_")[-1] not in (token.secret_hash, token.prefix) and len(token.secret_hash) == 64
    page = client.get("/compte/acces-api/").content.decode()
    assert text not in page and token.prefix in page
    assert Api(text).get("/members/900001/employees").status_code == 200


def test_a_role_cannot_give_its_token_more_than_it_has(client, member_a):
    user = MembershipFactory(member=member_a, role=Role.ACCOUNTING).user
    client.force_login(user)
    session = client.session
    session[SESSION_KEY] = member_a.pk
    session.save()
    page = client.get("/compte/acces-api/")
    assert "scope_billing" in page.context["form"].fields and "scope_employees" not in page.context["form"].fields
    forged = client.post("/compte/acces-api/", {"name": "Paie", "expires_on": timezone.localdate() + timedelta(days=9),
                                                "scope_employees": "write"})
    assert forged.status_code == 400 and not ApiToken.objects.filter(user=user, scopes__has_key="employees").exists()


def test_a_role_lowered_after_the_token_was_made_lowers_the_token(member_a):
    membership = MembershipFactory(member=member_a, role=Role.HR)
    api = Api(token_for(membership.user, {"employees": "write"}, role=Role.HR))
    assert api.get("/members/900001/employees").status_code == 200
    membership.role = Role.ACCOUNTING
    membership.save()
    assert api.get("/members/900001/employees").status_code == 403
    membership.is_active = False
    membership.save()
    assert api.get("/members/900001/employees").status_code == 404


def test_revoked_expired_unknown_and_deactivated_tokens_answer_401(client, member_admin):
    text = token_for(member_admin)
    api = Api(text)
    assert api.get("/members").status_code == 200
    token = ApiToken.objects.get(user=member_admin)
    client.force_login(member_admin)
    client.post(f"/compte/acces-api/{token.pk}/revoquer/")
    revoked = api.get("/members")
    assert revoked.status_code == 401 and revoked.json()["message"].startswith("Jeton absent")
    assert Api(text[:-3] + "xyz").get("/members").status_code == 401
    assert Api("n'importe quoi").get("/members").status_code == 401
    fresh = Api(token_for(member_admin))
    member_admin.is_active = False
    member_admin.save()
    assert fresh.get("/members").status_code == 401
    member_admin.is_active = True
    member_admin.save()
    with time_machine.travel(timezone.now() + timedelta(days=31)):
        assert fresh.get("/members").status_code == 401


def test_another_account_s_token_cannot_be_revoked(client, member_admin, other_member):
    token_for(other_member)
    client.force_login(member_admin)
    token = ApiToken.objects.get(user=other_member)
    assert client.post(f"/compte/acces-api/{token.pk}/revoquer/").status_code == 404
    assert ApiToken.objects.get(pk=token.pk).revoked_at is None


def test_every_call_is_audited_with_the_token_s_account_and_no_query_string(member_admin, member_a):
    api = Api(token_for(member_admin))
    api.get("/members/900001/employees", {"q": "290011305532171"})
    api.get("/members/900002/employees")
    events = Event.objects.filter(action="api.call").order_by("pk")
    assert [(e.actor_id, e.data["status"]) for e in events] == [(member_admin.pk, 200), (member_admin.pk, 404)]
    assert events[0].member_id == member_a.pk
    assert all("290011305532171" not in (e.summary + str(e.data)) for e in events)


def test_calls_are_rate_limited_per_token(settings, member_admin):
    settings.RATE_LIMITS = {"api": (3, 60)}
    first, second = Api(token_for(member_admin)), Api(token_for(member_admin))
    assert [first.get("/members").status_code for _ in range(4)] == [200, 200, 200, 429]
    assert first.get("/members")["Retry-After"] == "60"
    assert second.get("/members").status_code == 200


def test_a_mandataire_s_token_reaches_its_companies_only(mandataire, member_b):
    api = Api(token_for(mandataire))
    assert {m["number"] for m in api.get("/members").json()["results"]} == {"900001", "900003"}
    assert api.get("/members/900003/employees").status_code == 200
    assert api.get("/members/900002/employees").status_code == 404


def test_the_documentation_and_the_schema_are_served_locally(client):
    schema = client.get("/api/v1/openapi.json").json()
    assert "/api/v1/members/{number}/employees" in schema["paths"]
    page = client.get("/api/v1/docs/").content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in page and "cdn" not in page.lower()


def test_a_new_password_ends_the_tokens_of_the_old_one(member_admin):
    api = Api(token_for(member_admin, {"employees": "read"}))
    assert api.get("/members/900001/employees").status_code == 200
    member_admin.set_password("Un-Nouveau-Mot-De-Passe-2026")
    member_admin.save()
    assert api.get("/members/900001/employees").status_code == 401


def test_api_answers_are_never_cached(member_admin):
    response = Api(token_for(member_admin, {"employees": "read"})).get("/members/900001/employees")
    assert response.status_code == 200 and response["Cache-Control"] == "no-store"


def test_revoking_a_token_asks_first(client, member_admin):
    token = ApiToken.objects.get(prefix=token_for(member_admin, {"employees": "read"}).split("_")[1])
    client.force_login(member_admin)
    page = client.get(f"/compte/acces-api/{token.pk}/revoquer/").content.decode()
    assert "Révoquer ce jeton" in page and "Oui, révoquer le jeton" in page
    token.refresh_from_db()
    assert token.revoked_at is None
    client.post(f"/compte/acces-api/{token.pk}/revoquer/", {"confirme": "oui"})
    token.refresh_from_db()
    assert token.revoked_at is not None
