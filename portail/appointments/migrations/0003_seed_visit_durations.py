from django.db import migrations

# Frozen copy of DEFAULT_MINUTES at the time of this migration.
DEFAULTS = [
    ("embauche", False, 20),
    ("embauche", True, 30),
    ("periodique", False, 20),
    ("periodique", True, 30),
    ("reprise", False, 30),
    ("pre_reprise", False, 30),
    ("employeur", False, 30),
    ("mi_carriere", False, 30),
    ("fin_carriere", False, 30),
]


def seed(apps, schema_editor):
    VisitDuration = apps.get_model("appointments", "VisitDuration")
    for kind, reinforced, minutes in DEFAULTS:
        VisitDuration.objects.get_or_create(visit_kind=kind, reinforced=reinforced, defaults={"minutes": minutes})


class Migration(migrations.Migration):
    dependencies = [("appointments", "0002_availability_durations_snapshots")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
