import django.db.models.deletion
from django.db import migrations, models

import portail.billing.bank


class Migration(migrations.Migration):
    dependencies = [
        ("billing", "0005_payments_jobs_reminders"),
        ("members", "0005_member_data_stamp"),
    ]

    operations = [
        migrations.CreateModel(
            name="InvoiceArchive",
            fields=[
                ("invoice", models.OneToOneField(on_delete=django.db.models.deletion.PROTECT, primary_key=True,
                                                 related_name="archive", serialize=False, to="billing.invoice",
                                                 verbose_name="facture")),
                ("pdf", models.BinaryField(verbose_name="PDF archivé")),
                ("sha256", models.CharField(max_length=64, verbose_name="empreinte SHA-256")),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="archivé le")),
            ],
            options={"verbose_name": "facture archivée", "verbose_name_plural": "factures archivées"},
        ),
        migrations.AddField(
            model_name="invoice",
            name="snapshot",
            field=models.JSONField(blank=True, editable=False, null=True, verbose_name="données figées à l'émission"),
        ),
        migrations.AlterField(
            model_name="billingsettings",
            name="creditor_bic",
            field=models.CharField(blank=True, max_length=11, validators=[portail.billing.bank.validate_bic],
                                   verbose_name="BIC du service"),
        ),
        migrations.AlterField(
            model_name="billingsettings",
            name="creditor_iban",
            field=models.CharField(blank=True, max_length=34, validators=[portail.billing.bank.validate_iban],
                                   verbose_name="IBAN du service (virements et prélèvements)"),
        ),
    ]
