"""SEPA collections group a mandate's invoices (one DirectDebitLine per invoice) and can be rejected; dunning
levels with the amounts of the day; credit application setting; late-penalty rate."""

import django.db.models.deletion
from decimal import Decimal
from django.conf import settings
from django.db import migrations, models


def lines_from_items(apps, schema_editor):
    """Each existing item collected one invoice: it becomes the item's only line."""
    Item = apps.get_model("billing", "DirectDebitItem")
    Line = apps.get_model("billing", "DirectDebitLine")
    for item in Item.objects.select_related("invoice").order_by("pk"):
        Line.objects.create(item=item, invoice_id=item.invoice_id, amount=item.amount, active=True)
        item.end_to_end_id = f"{item.invoice.series}{item.invoice.number}"[:35]
        item.status = "settled" if item.payment_id else "pending"
        item.save(update_fields=["end_to_end_id", "status"])


def items_from_lines(apps, schema_editor):
    Item = apps.get_model("billing", "DirectDebitItem")
    for item in Item.objects.order_by("pk"):
        item.invoice_id = item.lines.order_by("pk").values_list("invoice_id", flat=True).first()
        item.save(update_fields=["invoice"])


class Migration(migrations.Migration):

    dependencies = [
        ('billing', '0008_issued_invoices_frozen'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='DirectDebitLine',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('amount', models.DecimalField(decimal_places=2, max_digits=12, verbose_name='montant')),
                ('active', models.BooleanField(default=True, verbose_name='en cours')),
            ],
            options={
                'verbose_name': 'facture prélevée',
                'verbose_name_plural': 'factures prélevées',
            },
        ),
        migrations.AlterModelOptions(
            name='directdebititem',
            options={'ordering': ['pk'], 'verbose_name': 'prélèvement', 'verbose_name_plural': 'prélèvements'},
        ),
        migrations.AddField(
            model_name='billingsettings',
            name='credit_application',
            field=models.CharField(choices=[('automatic', 'Automatique : imputé sur la dette la plus ancienne'), ('agreement', "Sur accord de l'adhérent : imputé par le service")], default='automatic', max_length=10, verbose_name='imputation des avoirs et crédits'),
        ),
        migrations.AddField(
            model_name='billingsettings',
            name='late_penalty_rate',
            field=models.DecimalField(decimal_places=2, default=Decimal('12.15'), max_digits=5, verbose_name='taux annuel des pénalités de retard (%)'),
        ),
        migrations.AddField(
            model_name='directdebititem',
            name='end_to_end_id',
            field=models.CharField(blank=True, max_length=35, verbose_name='référence de bout en bout'),
        ),
        migrations.AddField(
            model_name='directdebititem',
            name='reject_fee',
            field=models.DecimalField(decimal_places=2, default=Decimal('0.00'), max_digits=8, verbose_name='frais de rejet'),
        ),
        migrations.AddField(
            model_name='directdebititem',
            name='reject_reason',
            field=models.CharField(blank=True, max_length=4, verbose_name='motif du rejet'),
        ),
        migrations.AddField(
            model_name='directdebititem',
            name='rejected_at',
            field=models.DateField(blank=True, null=True, verbose_name='rejeté le'),
        ),
        migrations.AddField(
            model_name='directdebititem',
            name='status',
            field=models.CharField(choices=[('pending', 'À prélever'), ('settled', 'Encaissé'), ('rejected', 'Rejeté')], default='pending', max_length=10, verbose_name='état'),
        ),
        migrations.AddField(
            model_name='reminder',
            name='channel',
            field=models.CharField(choices=[('email', 'E-mail'), ('letter', 'Courrier')], default='email', max_length=10, verbose_name='canal'),
        ),
        migrations.AddField(
            model_name='reminder',
            name='indemnity',
            field=models.DecimalField(decimal_places=2, default=Decimal('0.00'), max_digits=8, verbose_name='indemnité forfaitaire'),
        ),
        migrations.AddField(
            model_name='reminder',
            name='open_amount',
            field=models.DecimalField(decimal_places=2, default=Decimal('0.00'), max_digits=12, verbose_name='reste dû'),
        ),
        migrations.AddField(
            model_name='reminder',
            name='penalties',
            field=models.DecimalField(decimal_places=2, default=Decimal('0.00'), max_digits=12, verbose_name='pénalités de retard'),
        ),
        migrations.AlterField(
            model_name='reminder',
            name='level',
            field=models.PositiveSmallIntegerField(choices=[(1, 'Rappel'), (2, 'Relance'), (3, 'Mise en demeure')], default=1, verbose_name='niveau'),
        ),
        migrations.AddConstraint(
            model_name='reminder',
            constraint=models.UniqueConstraint(fields=('invoice', 'level'), name='billing_reminder_once_per_level'),
        ),
        migrations.AddField(
            model_name='directdebitline',
            name='invoice',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='direct_debits', to='billing.invoice', verbose_name='facture'),
        ),
        migrations.AddField(
            model_name='directdebitline',
            name='item',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='lines', to='billing.directdebititem'),
        ),
        migrations.AddConstraint(
            model_name='directdebitline',
            constraint=models.UniqueConstraint(condition=models.Q(('active', True)), fields=('invoice',), name='billing_directdebitline_one_live_per_invoice'),
        ),
        migrations.RunPython(lines_from_items, items_from_lines),
        migrations.RemoveField(
            model_name='directdebititem',
            name='invoice',
        ),
    ]
