
import pytest

from portail.reference import (
    Commune,
    city_matches,
    communes_for,
    is_known_postal_code,
    postal_code_normalize,
    postal_codes,
)


def test_rows_read():
    index = postal_codes._index()
    assert index.row_count == 39_192
    assert "66330" in index.by_code


def test_cabestany():
    assert communes_for("66330") == [
        Commune("66330", "66028", "CABESTANY", "CABESTANY", ""),
    ]


def test_deduplicated_by_commune():
    # 01000 has two rows for BOURG EN BRESSE (with and without lieu-dit BROU).
    names = [(c.insee_code, c.name) for c in communes_for("01000")]
    assert names == [("01053", "BOURG EN BRESSE"), ("01344", "ST DENIS LES BOURG")]
    for communes in postal_codes._index().by_code.values():
        keys = [(c.insee_code, c.name) for c in communes]
        assert len(keys) == len(set(keys))


def test_corsica():
    assert [c.insee_code for c in communes_for("20000")] == ["2A004"]
    assert communes_for("20000")[0].name == "AJACCIO"
    assert "2B033" in {c.insee_code for c in communes_for("20200")}


def test_paris_arrondissement():
    assert communes_for("75001") == [Commune("75001", "75101", "PARIS 01", "PARIS", "")]


def test_leading_zero_kept():
    assert postal_code_normalize("01000") == "01000"
    assert is_known_postal_code("01000")
    assert communes_for(" 01 000 ")[0].insee_code == "01053"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("75001", "75001"),
        (" 75 001 ", "75001"),
        ("75\u00a0001", "75001"),
        ("1000", None),
        ("750011", None),
        ("2A004", None),
        ("2B200", None),
        ("20A00", None),
        ("", None),
        (None, None),
        ("٧٥٠٠١", None),
    ],
)
def test_normalize(raw, expected):
    assert postal_code_normalize(raw) == expected


def test_unknown_codes():
    assert not is_known_postal_code("00000")
    assert not is_known_postal_code("99999")
    assert not is_known_postal_code("2A004")
    assert not is_known_postal_code(None)
    assert communes_for("00000") == []
    assert communes_for("abc") == []
    assert not city_matches(postal_code="00000", city="Paris")


@pytest.mark.parametrize(
    ("postal_code", "city"),
    [
        ("13001", "Marseille"),
        ("13001", "MARSEILLE 01"),
        ("13001", "Marseille 1er"),
        ("75001", "Paris"),
        ("75001", "paris 1er arrondissement"),
        ("66330", "Cabestany"),
        ("42000", "Saint-Étienne"),
        ("42000", "St Etienne"),
        ("01000", "Saint Denis-lès-Bourg"),
        ("01000", "bourg-en-bresse"),
        ("20000", "Ajaccio"),
        ("97110", "Pointe-à-Pitre"),
        ("97111", "Morne-à-l'Eau"),
    ],
)
def test_city_matches(postal_code, city):
    assert city_matches(postal_code=postal_code, city=city)


@pytest.mark.parametrize(
    ("postal_code", "city"),
    [
        ("13001", "Lyon"),
        ("13001", "Marseille 2e"),
        ("66330", "Perpignan"),
        ("66330", ""),
        ("66330", None),
        ("66330", "  "),
        ("00000", "Cabestany"),
        # A lieu-dit is not a commune name.
        ("01000", "Brou"),
    ],
)
def test_city_does_not_match(postal_code, city):
    assert not city_matches(postal_code=postal_code, city=city)
