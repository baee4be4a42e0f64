from pathlib import Path

from django.utils import timezone

from portail.accounts.models import Mandate
from portail.members.tests.factories import MemberFactory


def switch(client, member):
    return client.post("/choisir-adherent/changer/", {"member": member.pk})


def test_mandataire_switches_among_its_mandates(client, mandataire, member_a, member_c):
    client.force_login(mandataire)
    assert switch(client, member_c).status_code == 302
    assert member_c.name in client.get("/").content.decode()
    assert switch(client, member_a).status_code == 302
    assert member_a.name in client.get("/").content.decode()


def test_mandataire_cannot_switch_to_another_member(client, mandataire, member_b):
    client.force_login(mandataire)
    assert switch(client, member_b).status_code == 404


def test_search_lists_only_mandated_members(client, mandataire, member_a, member_b):
    client.force_login(mandataire)
    page = client.get("/choisir-adherent/", {"q": "ENTREPRISE"}).content.decode()
    assert member_a.name in page and member_b.name not in page


def test_revoked_mandate_bites_on_the_next_request(client, mandataire, member_a):
    client.force_login(mandataire)
    switch(client, member_a)
    assert client.get("/informations/").status_code == 200
    Mandate.objects.filter(mandataire=mandataire, member=member_a).update(revoked_at=timezone.now())
    response = client.get("/informations/")
    assert response.status_code == 302 and response.url == "/choisir-adherent/"


def test_grouped_establishments_are_reachable_from_the_head_account(client, member_admin, member_a):
    branch = MemberFactory(group_head=member_a, name="ÉTABLISSEMENT SECONDAIRE")
    client.force_login(member_admin)
    assert "Liste des regroupées" in client.get("/").content.decode()
    assert switch(client, branch).status_code == 302
    assert "ÉTABLISSEMENT SECONDAIRE" in client.get("/informations/").content.decode()


def test_member_without_group_cannot_switch(client_b, member_a):
    assert switch(client_b, member_a).status_code == 404


def test_anonymous_is_sent_to_login(client, db):
    response = client.get("/choisir-adherent/")
    assert response.status_code == 302 and response.url.startswith("/connexion/")


def _without_tokens(html: str) -> str:
    import re

    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', 'name="csrfmiddlewaretoken"', html)


def test_chooser_rows_are_the_former_template_byte_for_byte(client, mandataire, member_a, member_c, db):
    from django.template import engines
    from django.test import RequestFactory

    from portail.accounts.models import Mandate

    odd = MemberFactory(name='L\'ATELIER "<b>" & FILS', siret="")
    Mandate.objects.create(mandataire=mandataire, member=odd)
    former = engines["django"].from_string(Path("portail/accounts/tests/legacy/_member_choices.html").read_text())
    current = engines["django"].from_string(
        Path("portail/accounts/templates/accounts/_member_choices.html").read_text()
    )
    from portail.accounts.selectors import search_accessible_members

    for query, acting_for in (("", member_c), ("ATELIER", None), ("introuvable", member_a)):
        request = RequestFactory().get("/choisir-adherent/")
        request.user, request.member = mandataire, acting_for
        members = search_accessible_members(user=mandataire, query=query)
        context = {"members": members, "query": query, "request": request}
        assert _without_tokens(current.render(context, request)) == _without_tokens(former.render(context, request))
