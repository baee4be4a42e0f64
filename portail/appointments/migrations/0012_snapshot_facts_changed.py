from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("appointments", "0011_compliance_run_chunks"), ("workforce", "0008_employee_facts_changed")]

    operations = [
        migrations.RenameField(model_name="compliancesnapshot", old_name="employee_updated", new_name="facts_changed"),
    ]
