from datetime import date

import pytest

from portail.workforce import nir


def test_valid_nir_with_matching_civil_data_is_compacted():
    value = nir.generate(sex="F", birth_date=date(1995, 10, 3), department="99", commune="126", order=111)
    checked = nir.check(" ".join([value[:1], value[1:3], value[3:]]), sex="F", birth_date=date(1995, 10, 3))
    assert checked.value == value and checked.warning == ""


def test_wrong_key_is_refused_in_french():
    value = nir.generate(sex="H", birth_date=date(1980, 1, 1))
    wrong = value[:13] + f"{(int(value[13:]) + 1) % 97:02d}"
    with pytest.raises(nir.NirError, match="clé"):
        nir.check(wrong, sex="H", birth_date=date(1980, 1, 1))


def test_thirteen_characters_without_key_are_incomplete():
    with pytest.raises(nir.NirError, match="incomplet"):
        nir.check(nir.generate(sex="H", birth_date=date(1980, 1, 1))[:13])


@pytest.mark.parametrize("department", ["2A", "2B"])
def test_corsica_departments_are_accepted(department):
    value = nir.generate(sex="H", birth_date=date(1970, 6, 1), department=department, commune="004")
    assert nir.check(value.lower(), sex="H", birth_date=date(1970, 6, 1)).value == value


def test_sex_mismatch_names_the_sex():
    value = nir.generate(sex="H", birth_date=date(1980, 1, 1))
    with pytest.raises(nir.NirError, match="sexe"):
        nir.check(value, sex="F", birth_date=date(1980, 1, 1))


def test_birth_year_and_month_mismatch_are_both_explained():
    value = nir.generate(sex="H", birth_date=date(1980, 1, 1))
    with pytest.raises(nir.NirError) as error:
        nir.check(value, sex="H", birth_date=date(1981, 2, 1))
    assert "année de naissance" in str(error.value) and "mois de naissance" in str(error.value)


def test_unknown_birth_month_code_is_not_refused():
    body = "180" + "99" + "13055001"  # month 99: birth month unknown
    value = body + nir.stdnir.calc_check_digits(body)
    assert nir.check(value, sex="H", birth_date=date(1980, 5, 1)).value == value


def test_temporary_number_is_accepted_with_a_warning():
    body = "7800113055001"
    value = body + nir.stdnir.calc_check_digits(body)
    checked = nir.check(value, sex="F", birth_date=date(1990, 1, 1))
    assert checked.value == value and "provisoire" in checked.warning


def test_encryption_round_trip_and_hash_do_not_contain_the_number():
    value = nir.generate(sex="F", birth_date=date(1995, 10, 3))
    token = nir.encrypt(value)
    assert value not in token and nir.decrypt(token) == value
    assert nir.keyed_hash(value) == nir.keyed_hash(value.lower()) and value not in nir.keyed_hash(value)


def test_mask_keeps_sex_year_month_and_key_only():
    assert nir.mask("295109912611193") == "2 95 10 •• ••• ••• 93"
