import django.utils.timezone
from django.db import migrations, models
from django.db.models import F


def facts_changed_at_last_save(apps, schema_editor):
    # The snapshots were computed against `updated`: taking it over keeps every one of them fresh.
    apps.get_model("workforce", "Employee").objects.update(facts_changed=F("updated"))


class Migration(migrations.Migration):
    dependencies = [("workforce", "0007_employee_member_id_index")]

    operations = [
        migrations.AddField(
            model_name="employee",
            name="facts_changed",
            field=models.DateTimeField(default=django.utils.timezone.now),
        ),
        migrations.RunPython(facts_changed_at_last_save, migrations.RunPython.noop),
    ]
