from django.urls import path

from portail.billing import views

app_name = "billing"

urlpatterns = [
    path("factures/", views.invoices, name="invoices"),
    path("factures/<int:pk>/", views.invoice_detail, name="invoice_detail"),
    path("factures/<int:pk>/pdf/", views.invoice_pdf_view, name="invoice_pdf"),
    path("factures/echeancier/pdf/", views.statement_pdf_view, name="statement_pdf"),
    path("factures/prelevement-sepa/", views.sepa_mandate_create, name="sepa_mandate_create"),
    path("factures/prelevement-sepa/<int:pk>/pdf/", views.sepa_mandate_pdf_view, name="sepa_mandate_pdf"),
    path("factures/prelevement-sepa/<int:pk>/revoquer/", views.sepa_mandate_revoke_view, name="sepa_mandate_revoke"),
]

from portail.billing import views_backoffice as bo  # noqa: E402

urlpatterns += [
    path("gestion/facturation/", bo.home, name="bo_home"),
    path("gestion/facturation/adherents/<str:number>/", bo.member_account, name="bo_member"),
    path("gestion/facturation/factures/<int:pk>/pdf/", bo.invoice_pdf, name="bo_invoice_pdf"),
    path("gestion/facturation/relances/", bo.reminders, name="bo_reminders"),
    path("gestion/facturation/prelevements/", bo.batch_create, name="bo_batch_create"),
    path("gestion/facturation/prelevements/<int:pk>/pain008.xml", bo.batch_download, name="bo_batch_download"),
    path("gestion/facturation/export/", bo.export, name="bo_export"),
]

from portail.billing import views_backoffice_ops as ops  # noqa: E402

urlpatterns += [
    path("gestion/facturation/lots-de-factures/", ops.invoice_batch, name="bo_invoice_batch"),
    path("gestion/facturation/traitements/<int:pk>/", ops.job_detail, name="bo_job"),
    path("gestion/facturation/reglements/", ops.payments, name="bo_payments"),
    path("gestion/facturation/avoirs/<int:pk>/compenser/", ops.net_credit_note, name="bo_credit_note_net"),
    path("gestion/facturation/prelevements/<int:pk>/etat/", ops.batch_mark, name="bo_batch_mark"),
    path("gestion/facturation/adherents/<str:number>/releve.pdf", ops.statement_pdf, name="bo_statement_pdf"),
]

from portail.billing import views_backoffice_accounting as acc  # noqa: E402

urlpatterns += [
    path("gestion/facturation/factures/<int:pk>/avoir/", acc.credit_note, name="bo_credit_note"),
    path("gestion/facturation/adherents/<str:number>/imputer-credits/", acc.credit_apply, name="bo_credit_apply"),
    path("gestion/facturation/prelevements/<int:pk>/", acc.batch_detail, name="bo_batch"),
    path("gestion/facturation/prelevements/collectes/<int:pk>/rejet/", acc.item_reject, name="bo_item_reject"),
    path("gestion/facturation/relances/courriers.pdf", acc.letters_pdf, name="bo_letters_pdf"),
    path("gestion/facturation/export/fec/", acc.fec, name="bo_fec"),
    path("gestion/facturation/releves/", acc.bank_import, name="bo_bank_import"),
    path("gestion/facturation/releves/confirmer/", acc.bank_import_confirm, name="bo_bank_import_confirm"),
]
