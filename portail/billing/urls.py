from django.urls import path

from portail.billing import views

app_name = "billing"

urlpatterns = [
    path("factures/", views.invoices, name="invoices"),
    path("factures/<int:pk>/", views.invoice_detail, name="invoice_detail"),
    path("factures/<int:pk>/pdf/", views.invoice_pdf_view, name="invoice_pdf"),
    path("factures/echeancier/pdf/", views.statement_pdf_view, name="statement_pdf"),
    # Reached from « Vos informations » (tab 2.1), whose menu entry it keeps (portal.context_processors).
    path("informations/sepa/", views.sepa, name="sepa"),
    path("factures/prelevement-sepa/", views.sepa_mandate_create, name="sepa_mandate_create"),
    path("factures/prelevement-sepa/<int:pk>/pdf/", views.sepa_mandate_pdf_view, name="sepa_mandate_pdf"),
    path("factures/prelevement-sepa/<int:pk>/revoquer/", views.sepa_mandate_revoke_view, name="sepa_mandate_revoke"),
]
