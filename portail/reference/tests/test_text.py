import pytest

from portail.reference.text import fold, matches_all_words, words


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Médecins", "medecins"),
        ("  SAINT-Étienne  ", "saint etienne"),
        ("L’Haÿ-les-Roses", "l hay les roses"),
        ("l'exception   du\triz", "l exception du riz"),
        ("Main-d’œuvre", "main d oeuvre"),
        ("Boulangerie—pâtisserie", "boulangerie patisserie"),
        ("", ""),
    ],
)
def test_fold(raw, expected):
    assert fold(raw) == expected


def test_words_drop_punctuation():
    assert words("Psychologues, psychothérapeutes (non médecins)") == (
        "psychologues",
        "psychotherapeutes",
        "non",
        "medecins",
    )


def test_matches_all_words_is_word_prefix():
    label = words("Cuisson de produits de boulangerie")
    assert matches_all_words(("boulang",), label)
    assert matches_all_words(("cuisson", "boulangerie"), label)
    assert not matches_all_words(("boulangerie", "patisserie"), label)
    # Prefix of a word, not an arbitrary substring.
    assert not matches_all_words(("oduits",), label)
