"""Stored masks move from "2 95 10 •• ••• ••• 93" (7 digits, key included) to "2 •• •• •• ••• 111 ••".

Current rows are masked again from their decrypted number. History rows keep no encrypted number: a row
whose mask is the employee's old one gets the new one, any other (an older number, a deleted employee)
keeps its sex digit only.
"""

from django.db import migrations

BATCH = 1000


def _mask(value: str) -> str:
    # Frozen copy of portail.workforce.nir.mask as of this migration.
    return f"{value[0]} •• •• •• ••• {value[10:13]} ••" if len(value) == 15 else ""


def _sex_only(old: str) -> str:
    return f"{old[0]} •• •• •• ••• ••• ••" if old else ""


def remask(apps, schema_editor):
    Employee = apps.get_model("workforce", "Employee")
    rows = Employee._base_manager.exclude(nir_masked="").only("pk", "nir_encrypted", "nir_masked").order_by("pk")
    batch = []
    for employee in rows.iterator(chunk_size=BATCH):
        batch.append(employee)
        if len(batch) >= BATCH:
            _remask_batch(apps, batch)
            batch = []
    _remask_batch(apps, batch)
    # History of employees deleted since: still the old mask, reduced to the sex digit.
    HistoricalEmployee = apps.get_model("workforce", "HistoricalEmployee")
    left = list(HistoricalEmployee._base_manager.filter(nir_masked__regex=r"^. [0-9]{2} ").only(
        "history_id", "nir_masked"))
    for row in left:
        row.nir_masked = _sex_only(row.nir_masked)
    HistoricalEmployee._base_manager.bulk_update(left, ["nir_masked"], batch_size=BATCH)


def _remask_batch(apps, employees) -> None:
    from portail.workforce.nir import decrypt

    Employee = apps.get_model("workforce", "Employee")
    HistoricalEmployee = apps.get_model("workforce", "HistoricalEmployee")
    new_by_old = {}
    for employee in employees:
        new = _mask(decrypt(employee.nir_encrypted)) or _sex_only(employee.nir_masked)
        new_by_old[(employee.pk, employee.nir_masked)] = new
        employee.nir_masked = new
    Employee._base_manager.bulk_update(employees, ["nir_masked"])
    history = list(HistoricalEmployee._base_manager.filter(id__in=[e.pk for e in employees]).exclude(
        nir_masked="").only("history_id", "id", "nir_masked"))
    for row in history:
        row.nir_masked = new_by_old.get((row.id, row.nir_masked)) or _sex_only(row.nir_masked)
    HistoricalEmployee._base_manager.bulk_update(history, ["nir_masked"], batch_size=BATCH)


class Migration(migrations.Migration):
    dependencies = [
        ("workforce", "0003_employee_version"),
    ]

    operations = [
        migrations.RunPython(remask, migrations.RunPython.noop),
    ]
