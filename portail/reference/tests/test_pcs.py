import re

import pytest

from portail.reference import (
    PcsCode,
    pcs_all,
    pcs_category,
    pcs_get,
    pcs_group,
    pcs_normalize,
    pcs_search,
)


def codes(results):
    return [r.code for r in results]


def test_count_and_format():
    all_codes = pcs_all()
    assert len(all_codes) == 429
    assert len({c.code for c in all_codes}) == 429
    assert all(re.fullmatch(r"\d{3}[a-z]", c.code) for c in all_codes)
    # ESE-only codes for salaried business owners are present.
    assert {"100x", "210x", "220x"} <= {c.code for c in all_codes}


@pytest.mark.parametrize("raw", ["344b", "344B", " 344 B ", "344b\n"])
def test_normalize_accepts_variants(raw):
    assert pcs_normalize(raw) == "344b"


@pytest.mark.parametrize("raw", ["", None, "344", "344z", "34b", "3444b", "b344", "999a"])
def test_normalize_rejects(raw):
    assert pcs_normalize(raw) is None


def test_get_and_display():
    code = pcs_get("344B")
    assert code == PcsCode("344b", "Médecins salariés non hospitaliers")
    assert code.display == "344B – Médecins salariés non hospitaliers"
    assert pcs_get("100X").display.startswith("100X – Agriculteurs")
    assert pcs_get("344z") is None


def test_search_label():
    for query in ("médecin", "medecin", "MÉDECINS", "Medecins salaries"):
        assert "344b" in codes(pcs_search(query=query)), query
    assert codes(pcs_search(query="médecins salariés")) == ["344b"]


def test_search_code_case_insensitive():
    assert codes(pcs_search(query="344B")) == ["344b"]
    assert codes(pcs_search(query="344b")) == ["344b"]
    assert codes(pcs_search(query="344")) == ["344a", "344b", "344c", "344d"]


def test_search_limit_and_empty():
    assert len(pcs_search(query="ouvriers", limit=3)) == 3
    assert pcs_search(query="") == []
    assert pcs_search(query="xyzzy") == []


def test_category_and_group():
    assert pcs_category("344B") == PcsCode("34", "Professeurs, professions scientifiques")
    assert pcs_group("344b").code == "3"
    assert pcs_category("100x").code == "10"
    assert pcs_category("nope") is None
    for code in pcs_all():
        assert pcs_category(code.code) is not None, code
        assert pcs_group(code.code) is not None, code
