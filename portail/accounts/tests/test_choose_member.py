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


def test_chooser_lists_each_company_with_a_button_to_act_for_it(client, mandataire, member_a, member_c):
    client.force_login(mandataire)
    switch(client, member_c)
    html = client.get("/choisir-adherent/").content.decode()
    assert f"<strong>{member_a.name}</strong><br><small>n° {member_a.number} · SIRET " in html
    assert (f'<button type="submit" name="member" value="{member_a.pk}">Choisir<span class="visually-hidden"> '
            f"{member_a.name}</span></button>") in html
    assert (f'<button type="submit" name="member" value="{member_c.pk}" class="secondary" aria-current="true">'
            "Entreprise actuelle</button>") in html
    # One form for the list: each button posts its company, with the page's CSRF token.
    assert html.count('<form method="post" action="/choisir-adherent/changer/">') == 1
    assert html.count('name="csrfmiddlewaretoken"') == 2  # the list's form and the header's "Déconnexion"


def test_chooser_has_the_portal_header_with_logout_and_no_menu(client, mandataire, member_a):
    client.force_login(mandataire)
    html = client.get("/choisir-adherent/").content.decode()
    assert '<header class="topbar">' in html and "Déconnexion</button>" in html
    assert 'aria-label="Menu principal"' not in html  # its entries belong to the company not yet chosen


def test_chooser_escapes_names(client, mandataire, db):
    odd = MemberFactory(name='L\'ATELIER "<b>" & FILS', siret="")
    Mandate.objects.create(mandataire=mandataire, member=odd)
    client.force_login(mandataire)
    html = client.get("/choisir-adherent/", {"q": "ATELIER"}).content.decode()
    assert "<b>" not in html
    assert "<strong>L&#x27;ATELIER &quot;&lt;b&gt;&quot; &amp; FILS</strong>" in html


def test_chooser_says_when_nothing_matches(client, mandataire, db):
    client.force_login(mandataire)
    html = client.get("/choisir-adherent/", {"q": "introuvable <x>"}, headers={"HX-Request": "true"}).content.decode()
    assert html.startswith('<div id="member-choices">')
    assert "<p>Aucune entreprise ne correspond à « introuvable &lt;x&gt; ».</p>" in html


def test_chooser_shows_fifty_companies_of_a_big_mandataire(client, mandataire, db,
                                                          django_assert_max_num_queries):
    from portail.members.models import Member

    members = Member.objects.bulk_create([MemberFactory.build(number=f"7{i:05d}", name=f"SOCIÉTÉ {i:03d}")
                                          for i in range(60)])
    Mandate.objects.bulk_create([Mandate(mandataire=mandataire, member=m) for m in members])
    client.force_login(mandataire)
    client.get("/choisir-adherent/")
    with django_assert_max_num_queries(8):
        html = client.get("/choisir-adherent/").content.decode()
    assert html.count("<li><span><strong>") == 50
