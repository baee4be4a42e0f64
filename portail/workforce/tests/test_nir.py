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


def test_mask_keeps_the_sex_digit_and_the_order_number_only():
    assert nir.mask("295109912611193") == "2 •• •• •• ••• 111 ••"
    assert nir.mask("12345") == ""


@pytest.mark.django_db
def test_migration_masks_stored_numbers_and_their_history_again(member_a):
    from importlib import import_module

    from django.apps import apps

    from portail.workforce.models import Employee
    from portail.workforce.tests.factories import EmployeeFactory

    migration = import_module("portail.workforce.migrations.0004_nir_mask_fewer_digits")
    value = nir.generate(sex="F", birth_date=date(1985, 4, 12), order=417)
    employee = EmployeeFactory(member=member_a, sex="F", birth_date=date(1985, 4, 12), nir=value)
    old = f"{value[0]} {value[1:3]} {value[3:5]} •• ••• ••• {value[13:]}"
    Employee.objects.filter(pk=employee.pk).update(nir_masked=old)
    Employee.history.filter(id=employee.pk).update(nir_masked=old)
    Employee.history.model.objects.create(
        id=999_999, member_id=member_a.pk, birth_name="PARTI", first_name="X", birth_date=date(1980, 1, 1),
        hire_date=date(2020, 1, 1), job_title="Y", contract="CDI", nir_masked="1 80 01 •• ••• ••• 42",
        created=employee.created, history_date=employee.created, history_type="-")
    migration.remask(apps, None)
    employee.refresh_from_db()
    assert employee.nir_masked == nir.mask(value) == "2 •• •• •• ••• 417 ••"
    assert set(Employee.history.filter(id=employee.pk).values_list("nir_masked", flat=True)) == {nir.mask(value)}
    assert Employee.history.get(id=999_999).nir_masked == "1 •• •• •• ••• ••• ••"
