import dataclasses
import re

import pytest

from portail.reference import (
    NafCode,
    naf_all,
    naf_division,
    naf_get,
    naf_normalize,
    naf_search,
    naf_section,
)


def codes(results):
    return [r.code for r in results]


def test_count_and_format():
    all_codes = naf_all()
    assert len(all_codes) == 732
    assert len({c.code for c in all_codes}) == 732
    assert all(re.fullmatch(r"\d{2}\.\d{2}[A-Z]", c.code) for c in all_codes)
    assert all(c.label for c in all_codes)
    assert isinstance(all_codes, tuple)


def test_immutable():
    code = naf_get("86.21Z")
    with pytest.raises(dataclasses.FrozenInstanceError):
        code.label = "x"


@pytest.mark.parametrize("raw", ["86.21Z", "8621Z", "8621z", " 86.21 Z ", "86.21z", "86 21 Z"])
def test_normalize_accepts_variants(raw):
    assert naf_normalize(raw) == "86.21Z"


@pytest.mark.parametrize(
    "raw",
    ["", None, "86.21", "8621", "86.21ZZ", "862Z", "99.99Z", "86.21A", "Q", "86-21Z", "abcde"],
)
def test_normalize_rejects(raw):
    assert naf_normalize(raw) is None


def test_get():
    assert naf_get("8621z") == NafCode("86.21Z", "Activité des médecins généralistes")
    assert naf_get("99.99Z") is None
    assert naf_get(None) is None


def test_display():
    assert naf_get("86.21Z").display == "86.21Z – Activité des médecins généralistes"


def test_search_label_accent_and_case_insensitive():
    for query in ("boulangerie", "BOULANGERIE", "Boulangerie", "boulang"):
        found = codes(naf_search(query=query))
        assert "10.71C" in found
        assert "10.71B" in found
    # The label of 47.24Z is "Commerce de détail de pain, pâtisserie et
    # confiserie…": it is found by its own words, not by "boulangerie".
    assert "47.24Z" in codes(naf_search(query="pain patisserie"))
    assert "47.24Z" in codes(naf_search(query="Pâtisserie détail"))


def test_search_label_ranks_label_starting_with_query_first():
    assert codes(naf_search(query="boulangerie"))[0] == "10.71C"


def test_search_all_words_must_match():
    found = codes(naf_search(query="médecins spécialistes"))
    assert found == ["86.22C"]
    assert naf_search(query="boulangerie chirurgicales") == []


def test_search_code_prefix():
    assert codes(naf_search(query="86.2")) == ["86.21Z", "86.22A", "86.22B", "86.22C", "86.23Z"]
    assert codes(naf_search(query="862")) == codes(naf_search(query="86.2"))
    assert codes(naf_search(query="8621z")) == ["86.21Z"]
    assert codes(naf_search(query="86.21Z")) == ["86.21Z"]


def test_search_limit_and_empty():
    assert len(naf_search(query="commerce", limit=5)) == 5
    assert len(naf_search(query="commerce")) == 20
    assert naf_search(query="commerce", limit=0) == []
    assert naf_search(query="") == []
    assert naf_search(query="   ") == []
    assert naf_search(query="zzzzzz") == []


def test_section_and_division():
    assert naf_section("86.21Z") == NafCode("Q", "SANTÉ HUMAINE ET ACTION SOCIALE")
    assert naf_division("8621Z") == NafCode("86", "Activités pour la santé humaine")
    assert naf_section("10.71C").code == "C"
    assert naf_section("01.11Z").code == "A"
    assert naf_section("99.00Z").code == "U"
    assert naf_section("nope") is None
    assert naf_division("99.99Z") is None


def test_every_code_has_section_and_division():
    for code in naf_all():
        assert naf_section(code.code) is not None, code
        assert naf_division(code.code) is not None, code
