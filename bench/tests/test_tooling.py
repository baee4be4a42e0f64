"""The page bench's own tooling: the pool's sessions open the right member's pages, the counting cache counts
what reads find, cold and warm views are reported apart. Correctness only: timings stay in bench/ runs."""

import pytest
from django.core.cache.backends.locmem import LocMemCache
from django.test import Client

from bench import cache_counter
from bench.mix import page_figures
from bench.pages import PAGES, member_paths
from bench.pool import build_pool
from portail.declarations.tests.factories import DeclarationFactory
from portail.workforce.tests.factories import EmployeeFactory


@pytest.mark.django_db
def test_pool_gives_each_member_a_session_that_opens_its_own_pages(member_admin, other_member, mandataire):
    EmployeeFactory(member=member_admin.member, birth_name="DURAND")
    EmployeeFactory(member=other_member.member, birth_name="MARTIN")
    DeclarationFactory(member=member_admin.member)
    pool = build_pool(members=10, mandataires=5)
    assert {m["number"] for m in pool["members"]} == {"900001", "900002"}
    for member in pool["members"]:
        client = Client()
        client.cookies["sessionid"] = member["session"]
        for name, path in member["paths"].items():
            response = client.get(path)
            assert response.status_code == 200, (name, path)
            assert response.wsgi_request.member.number == member["number"]
    a = next(m for m in pool["members"] if m["number"] == "900001")
    assert a["search"] == "dur" and "formulaire de déclaration" in a["paths"]
    [firm] = pool["mandataires"]
    assert firm["username"] == mandataire.username and [pool["members"][i]["number"] for i in firm["members"]] == ["900001"]


def test_pages_naming_a_missing_record_are_left_out():
    paths = member_paths({"employee": 7, "search": "mar", "declaration": None})
    assert paths["formulaire salarié"] == "/salaries/7/modifier/"
    assert paths["recherche de salariés"] == "/salaries/?q=mar"
    assert "formulaire de déclaration" not in paths
    assert len(paths) == len(PAGES) - 1


def test_counting_cache_counts_hits_and_misses_per_view_and_key_family():
    cache_counter.COUNTS.clear()
    cache = cache_counter.CountingCache("bench-test", {
        "OPTIONS": {"COUNTED_BACKEND": "django.core.cache.backends.locmem.LocMemCache"}})
    assert isinstance(cache._real, LocMemCache)
    token = cache_counter._view.set("portal:home")
    try:
        assert cache.get("fragment:home:42", "absent") == "absent"
        cache.set("fragment:home:42", "html")
        assert cache.get("fragment:home:42") == "html"
        assert cache.get_or_set("settings:7", lambda: "value") == "value"
        assert cache.get_or_set("settings:7", lambda: "other") == "value"
        assert cache.get_many(["fragment:home:42", "fragment:home:43"]) == {"fragment:home:42": "html"}
    finally:
        cache_counter._view.reset(token)
    assert dict(cache_counter.COUNTS) == {
        ("portal:home", "fragment.home", "miss"): 2, ("portal:home", "fragment.home", "hit"): 2,
        ("portal:home", "settings", "miss"): 1, ("portal:home", "settings", "hit"): 1,
    }
    cache_counter.COUNTS.clear()


def test_cold_and_warm_views_are_reported_apart():
    rows = [{"name": "accueil", "method": "GET", "state": state, "ms": ms, "ok": True}
            for state, ms in [("première vue", 30.0), ("après écriture", 50.0), ("chaud", 5.0), ("chaud", 7.0)]]
    rows.append({"name": "accueil", "method": "GET", "state": "chaud", "ms": 9.0, "ok": False})
    [home] = page_figures(rows, duration=10)
    assert (home["n"], home["errors"], home["rps"]) == (5, 1, 0.5)
    assert (home["cold"]["n"], home["cold"]["p95_ms"]) == (2, 50.0)
    assert (home["after_write"]["n"], home["after_write"]["p50_ms"]) == (1, 50.0)
    assert (home["warm"]["n"], home["warm"]["p50_ms"]) == (3, 7.0)
