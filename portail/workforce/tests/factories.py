from collections.abc import Callable
from datetime import date

import factory

from portail.workforce import nir as nirlib
from portail.workforce.models import Employee


class EmployeeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Employee
        skip_postgeneration_save = True

    birth_name = factory.Sequence(lambda n: f"NOM{n:05d}")
    first_name = "Camille"
    birth_date = date(1985, 4, 12)
    sex = "F"
    hire_date = date(2020, 1, 6)
    job_title = "Assistante"
    contract = "CDI"
    determinants = ["NONE"]
    declared_category = "SI"

    @factory.post_generation
    def nir(obj, create, extracted, **kwargs):
        """A valid NIR of the employee's sex and birth date; `nir__order=n` chooses its order number (to be met
        again in an import file), `nir=…` gives it whole."""
        order = kwargs.get("order", obj.pk % 999 + 1)
        value = extracted or nirlib.generate(sex=obj.sex or "H", birth_date=obj.birth_date, order=order)
        obj.nir_encrypted = nirlib.encrypt(value)
        obj.nir_hash = nirlib.keyed_hash(value)
        obj.nir_masked = nirlib.mask(value)
        obj.refresh_name_keys()
        if create:
            obj.save()


_hired = iter(range(1, 999))


def employee_hired(member, *, actor=None, **fields):
    """An employee recorded through employee_create, as the portal's form does (the member's stamp renewed)."""
    from portail.workforce.services import employee_create

    birth = fields.get("birth_date", date(1990, 1, 2))
    data = {"birth_name": "NOUVELLE", "first_name": "Aline", "birth_date": birth, "sex": "F",
            "hire_date": date(2020, 1, 6), "job_title": "Comptable", "contract": "CDI", "pcs_code": "344B",
            "nir": nirlib.generate(sex=fields.get("sex", "F"), birth_date=birth, order=next(_hired)), **fields}
    return employee_create(member=member, actor=actor, data=data)


def employees_bulk_created(member, count: int, fields: Callable[[int], dict]) -> None:
    """`count` employees of `member` in a few bulk inserts (the benchmarks' large workforces): Camille, a woman,
    "Agent" in CDI, with `fields(i)` for the i-th (names, dates…); a unique made-up NIR hash, no NIR."""
    batch = [
        Employee(member=member, first_name="Camille", sex="F", job_title="Agent", contract="CDI",
                 nir_hash=f"{member.pk}-{i}", **fields(i))
        for i in range(count)
    ]
    for employee in batch:
        employee.refresh_name_keys()
    Employee.objects.bulk_create(batch, batch_size=2000)
