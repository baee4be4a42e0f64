"""The declaration filling page: the counts and amounts, the problems to correct and the data to complete with their
links, the nominative list with each employee's own exit form, escaping, the empty list, and its query cost."""

from dataclasses import replace
from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.cache import cache
from django.urls import reverse

from portail.core.tests.html import links, table
from portail.declarations.tests.conftest import staff_employees
from portail.workforce.tests.factories import EmployeeFactory

TOTALS, EMPLOYEES = "Effectif par catégorie et cotisation 2026", "Salariés présents à la date de référence"
NB = "\u202f"
ODD = "<script>alert('x')</script>"


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(datetime(2026, 1, 20, 10, tzinfo=ZoneInfo("Europe/Paris")), tick=False):
        yield


def _fill(client, declaration) -> str:
    response = client.get(reverse("declarations:fill", args=[declaration.pk]))
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def varied(member_a, declaration_a):
    staff_employees(member_a, si=1, sia=1, sir=1)
    return {
        "odd": EmployeeFactory(member=member_a, birth_name=ODD, first_name='A & "B"', pcs_code="", job_title="",
                               hire_date=date(2020, 1, 6), contract="CDD", contract_end=date(2031, 6, 30),
                               determinants=["NIGHT", "ASBESTOS"]),
        "over": EmployeeFactory(member=member_a, birth_name="FINI", pcs_code="344B", hire_date=date(2020, 1, 6),
                                contract="CDD", contract_end=date(2020, 12, 31)),
        "leaving": EmployeeFactory(member=member_a, birth_name="PARTANT", pcs_code="344B", hire_date=date(2020, 1, 6),
                                   exit_date=date(2026, 3, 31)),
        "left": EmployeeFactory(member=member_a, birth_name="PARTI", pcs_code="344B", hire_date=date(2020, 1, 6),
                                exit_date=date(2026, 1, 10)),
    }


def test_totals_count_each_category_and_the_amounts(client_a, declaration_a, varied):
    shown = table(_fill(client_a, declaration_a), TOTALS)
    assert shown.head == [["Catégorie", "Effectif", "Tarif HT par salarié", "Montant HT"]]
    assert shown.rows == [
        ["SI", "5", f"100,00{NB}€", f"500,00{NB}€"],
        ["SIA", "1", f"110,00{NB}€", f"110,00{NB}€"],
        ["SIR", "1", f"130,00{NB}€", f"130,00{NB}€"],
        ["Total", "7", "", f"740,00{NB}€"],
        ["TVA (20 %)", f"148,00{NB}€"],
        ["Cotisation TTC", f"888,00{NB}€"],
        ["Déjà facturé pour 2026 (appel provisionnel, TTC)", f"0,00{NB}€"],
        ["Reste à facturer (TTC)", f"888,00{NB}€"],
    ]


def test_totals_in_thousands_with_a_vat_rate_with_decimals(member_a, declaration_a, rf):
    from django.template.loader import render_to_string

    from portail.declarations import selectors
    from portail.declarations.forms import ExitForm

    staff_employees(member_a, si=12, sia=3, sir=2)
    declaration_a.campaign.vat_rate = Decimal("5.50")
    preview = replace(selectors.preview(declaration=declaration_a), invoiced_ttc=Decimal("12345.67"), previous_total=9)
    html = render_to_string("declarations/_totals.html", {"declaration": declaration_a, "preview": preview,
                                                          "exit_form": ExitForm()}, rf.get("/"))
    rows = table(html, TOTALS).rows
    assert rows[3] == ["Total", "17", "", f"1{NB}790,00{NB}€"]
    assert rows[4] == ["TVA (5,50 %)", f"98,45{NB}€"]
    assert rows[7] == ["Reste à facturer (TTC)", f"-10{NB}457,22{NB}€"]
    assert "Effectif déclaré l'an dernier : 9." in html


def test_problems_link_to_the_form_that_fixes_them(client_a, declaration_a, varied):
    html = _fill(client_a, declaration_a)
    odd, over = varied["odd"], varied["over"]
    problems = html[html.index('data-testid="problems"'):html.index('data-testid="warnings"')]
    assert problems.count("<li>") == 1 and '<span class="badge alert">À corriger</span> FINI Camille' in problems
    warnings = html[html.index('data-testid="warnings"'):html.index('data-testid="employees"')]
    assert warnings.count('<li><span class="badge warning">À compléter</span>') == 2
    found = links(html)
    assert found["Modifier la fiche de FINI Camille"] == reverse("workforce:edit", args=[over.pk])
    assert found[f'Compléter la fiche de {ODD} A & "B"'] == reverse(
        "declarations:employee_complete", args=[declaration_a.pk, odd.pk])
    assert found["Déclarer la sortie de tous les salariés dont le contrat a pris fin avant la date de référence (1)"] \
        == reverse("declarations:expired_exits", args=[declaration_a.pk])


def test_nominative_list_shows_each_employee_with_contract_category_and_determinants(client_a, declaration_a,
                                                                                      varied):
    shown = table(_fill(client_a, declaration_a), EMPLOYEES)
    assert shown.head == [["Salarié", "Contrat", "Catégorie", "Actions"]]
    rows = {row[0].split(" Camille")[0]: row for row in shown.rows}
    assert {"FINI", "PARTANT", "PARTI"} < set(rows)
    assert rows["FINI"][1] == "contrat à durée déterminée jusqu'au 31/12/2020"
    assert rows["PARTANT"][0] == "PARTANT Camille Assistante · Sortie prévue le 31/03/2026"
    assert rows["PARTI"][0] == "PARTI Camille Assistante · Sorti le 10/01/2026"
    odd = next(row for row in shown.rows if row[0].startswith(ODD))
    assert odd[1:3] == ["contrat à durée déterminée jusqu'au 30/06/2031",
                        "SI Travailleur de nuit ; Salarié exposé à l'amiante"]
    assert len(shown.rows) == 7


def test_each_present_employee_opens_its_own_exit_form_on_demand(client_a, declaration_a, varied):
    """Issue 18: one line per employee, no form until asked for; the form comes in its row (htmx) or as a page."""
    html = _fill(client_a, declaration_a)
    assert 'class="decl-exit' not in html
    for key in ("odd", "over"):
        pk = varied[key].pk
        url = reverse("declarations:employee_exit", args=[declaration_a.pk, pk])
        assert '<a href="' + url + '" hx-get="' + url + '" hx-target="#exit-slot-' + str(pk) + '" hx-swap="innerHTML">' in html
        fragment = client_a.get(url, headers={"HX-Request": "true"}).content.decode()
        assert "<html" not in fragment and f'hx-post="{url}"' in fragment and 'name="exit_date"' in fragment
        page = client_a.get(url).content.decode()
        assert "<html" in page and f'action="{url}"' in page and "Déclarer la sortie de" in page
    for key in ("leaving", "left"):  # an exit already recorded: nothing to declare
        url = reverse("declarations:employee_exit", args=[declaration_a.pk, varied[key].pk])
        assert f'href="{url}"' not in html
    assert html.count('class="exit-slot"') == 7 and html.count('hx-get="/declarations/') == 5
    assert links(html)["Corriger FINI Camille"] == reverse("workforce:edit", args=[varied["over"].pk])
    assert 'data-testid="employee-{}" class="decl-flagged"'.format(varied["over"].pk) in html


def test_names_and_messages_are_escaped(client_a, declaration_a, varied):
    html = _fill(client_a, declaration_a)
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; A &amp; &quot;B&quot;" in html


def test_an_empty_list_offers_to_add_an_employee(client_a, declaration_a):
    html = _fill(client_a, declaration_a)
    assert table(html, EMPLOYEES).rows == [["Aucun salarié présent à la date de référence. Ajouter un salarié"]]
    assert links(html)["Ajouter un salarié"] == reverse("workforce:create")


def test_the_page_drawn_anew_costs_a_bounded_number_of_queries(client_a, member_a, declaration_a,
                                                               django_assert_max_num_queries):
    staff_employees(member_a, si=30, sia=5, sir=5)
    _fill(client_a, declaration_a)  # the session's first page: its one-off reads and writes
    cache.clear()  # the block is drawn again, and the service's branding read again
    with django_assert_max_num_queries(12):
        assert _fill(client_a, declaration_a).count('hx-target="#exit-slot-') == 40


@pytest.fixture
def pages_of_two(monkeypatch, member_a):
    """Five present employees in pages of two (fifty on the real page), in the list's alphabetical order."""
    from portail.declarations import selectors

    monkeypatch.setattr(selectors, "NOMINATIVE_PAGE_SIZE", 2)
    staff_employees(member_a, si=5)
    return list(selectors.employees_at(member=member_a, reference_date=date(2026, 1, 1)))


def _listed(html: str) -> list[str]:
    return [row[0].split(" ")[0] for row in table(html, EMPLOYEES).rows]


def test_a_long_nominative_list_is_shown_a_page_at_a_time_while_totals_count_everyone(client_a, declaration_a,
                                                                                      pages_of_two):
    names = [e.birth_name for e in pages_of_two]
    html = _fill(client_a, declaration_a)
    assert _listed(html) == names[:2] and 'data-testid="count-total">5<' in html
    assert "Salariés 1 à 2 sur 5, par ordre alphabétique." in html and "Page 1 sur 3" in html
    assert links(html)["Page suivante"] == "?page=2#liste-nominative" and "Page précédente" not in links(html)
    last = client_a.get(reverse("declarations:fill", args=[declaration_a.pk]), {"page": "3"}).content.decode()
    assert _listed(last) == names[4:] and "Salariés 5 à 5 sur 5" in last and "Page suivante" not in links(last)


@pytest.mark.parametrize(("asked", "shown"), [("abc", 1), ("0", 3), ("999", 3), ("-1", 3)])
def test_a_page_that_is_no_page_of_the_list_shows_the_first_or_the_last(client_a, declaration_a, pages_of_two,
                                                                       asked, shown):
    response = client_a.get(reverse("declarations:fill", args=[declaration_a.pk]), {"page": asked})
    assert response.status_code == 200 and f"Page {shown} sur 3" in response.content.decode()


def test_back_from_an_employee_the_list_opens_on_their_page(client_a, declaration_a, pages_of_two):
    fourth = pages_of_two[3]
    url = reverse("declarations:fill", args=[declaration_a.pk])
    html = client_a.get(url, {"salarie": str(fourth.pk)}).content.decode()
    assert "Page 2 sur 3" in html and f'id="salarie-{fourth.pk}"' in html
    exit_url = reverse("declarations:employee_exit", args=[declaration_a.pk, fourth.pk])
    cancel = links(client_a.get(exit_url).content.decode())["Annuler"]
    assert cancel == f"{url}?salarie={fourth.pk}#salarie-{fourth.pk}"
    answer = client_a.post(exit_url, {"exit_date": "2026-06-30", "exit_reason": "RESIGNATION"})
    assert answer.status_code == 302 and answer["Location"] == cancel


def test_an_exit_declared_in_place_redraws_the_page_the_member_is_on(client_a, declaration_a, pages_of_two):
    leaving = pages_of_two[2]
    fill = reverse("declarations:fill", args=[declaration_a.pk])
    exit_url = reverse("declarations:employee_exit", args=[declaration_a.pk, leaving.pk])
    answer = client_a.post(exit_url, {"exit_date": "2026-06-30", "exit_reason": "RESIGNATION"},
                           headers={"HX-Request": "true", "HX-Current-URL": f"http://testserver{fill}?page=2"})
    html = answer.content.decode()
    assert "Page 2 sur 3" in html and f'id="salarie-{leaving.pk}"' in html and "Sortie prévue le 30/06/2026" in html


def test_the_list_filtered_on_flagged_employees_keeps_the_filter_across_pages(client_a, declaration_a, member_a,
                                                                            pages_of_two):
    flagged = [EmployeeFactory(member=member_a, birth_name=f"ZED{i}", pcs_code="", hire_date=date(2020, 1, 6))
               for i in range(3)]
    url = reverse("declarations:fill", args=[declaration_a.pk])
    html = _fill(client_a, declaration_a)
    assert links(html)["Voir seulement les salariés signalés (3)"] == "?filtre=signales#liste-nominative"
    only = client_a.get(url, {"filtre": "signales"}).content.decode()
    assert _listed(only) == ["ZED0", "ZED1"] and "Salariés signalés (3)" in only
    assert links(only)["Page suivante"] == "?filtre=signales&page=2#liste-nominative"
    assert links(only)["Voir tous les salariés (8)"] == "?page=1#liste-nominative"
    second = client_a.get(url, {"filtre": "signales", "page": "2"}).content.decode()
    assert _listed(second) == ["ZED2"]
    exit_url = reverse("declarations:employee_exit", args=[declaration_a.pk, flagged[2].pk])
    answer = client_a.post(exit_url, {"exit_date": "2026-06-30", "exit_reason": "RESIGNATION"}, headers={
        "HX-Request": "true", "HX-Current-URL": f"http://testserver{url}?filtre=signales&page=2"})
    assert _listed(answer.content.decode()) == ["ZED2"]


def test_a_filtered_list_with_nobody_left_to_fix_says_so(client_a, declaration_a, pages_of_two):
    only = client_a.get(reverse("declarations:fill", args=[declaration_a.pk]), {"filtre": "signales"})
    html = only.content.decode()
    assert table(html, EMPLOYEES).rows == [["Plus aucun salarié n'est signalé. Voir tous les salariés"]]


def test_each_section_of_checks_lists_twenty_and_counts_the_rest(client_a, declaration_a, member_a, monkeypatch):
    from portail.declarations import selectors

    monkeypatch.setattr(selectors, "PROBLEMS_SHOWN", 2)
    for i in range(3):
        EmployeeFactory(member=member_a, birth_name=f"ZED{i}", pcs_code="", hire_date=date(2020, 1, 6))
    html = _fill(client_a, declaration_a)
    warnings = html[html.index('data-testid="warnings"'):html.index('data-testid="employees"')]
    assert warnings.count('<li><span class="badge warning">À compléter</span>') == 2
    assert "… et 1 autre." in warnings and "Voir les salariés signalés dans la liste nominative" in warnings
    assert 'data-testid="problems-hidden"' not in html
