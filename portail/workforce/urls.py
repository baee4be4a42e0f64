from django.urls import path

from portail.workforce import dsn_views, exports, import_views, views

app_name = "workforce"

urlpatterns = [
    path("salaries/", views.employee_list, name="list"),
    path("salaries/ajouter/", views.employee_create, name="create"),
    path("salaries/categorie/", views.category_preview, name="category"),
    path("salaries/pcs/", views.pcs_search, name="pcs_search"),
    path("salaries/export.xlsx", exports.export_xlsx, name="export_xlsx"),
    path("salaries/export.csv", exports.export_csv, name="export_csv"),
    path("salaries/imprimer/", exports.print_view, name="print"),
    path("salaries/export.pdf", exports.export_pdf, name="export_pdf"),
    path("salaries/import/", import_views.import_upload, name="import"),
    path("salaries/import/colonnes/", import_views.import_mapping, name="import_mapping"),
    path("salaries/import/suivi/<int:pk>/", import_views.import_job, name="import_job"),
    path("salaries/import/suivi/<int:pk>/progression/", import_views.import_job_progress, name="import_job_progress"),
    path("salaries/import/valider/", import_views.import_apply, name="import_apply"),
    path("salaries/import/rejets/", import_views.import_rejected, name="import_rejected"),
    path("salaries/import/annuler/", import_views.import_cancel, name="import_cancel"),
    path("salaries/import/dsn/", dsn_views.dsn_upload, name="dsn_upload"),
    path("salaries/import/dsn/en-attente/", dsn_views.dsn_pending, name="dsn_pending"),
    path("salaries/import/dsn/<str:token>/", dsn_views.dsn_preview, name="dsn_preview"),
    path("salaries/import/dsn/<str:token>/ouvrir/", dsn_views.dsn_open, name="dsn_open"),
    path("salaries/import/dsn/<str:token>/valider/", dsn_views.dsn_apply, name="dsn_apply"),
    path("salaries/import/dsn/<str:token>/annuler/", dsn_views.dsn_cancel, name="dsn_cancel"),
    path("salaries/<int:pk>/", views.employee_detail, name="detail"),
    path("salaries/<int:pk>/modifier/", views.employee_edit, name="edit"),
    path("salaries/<int:pk>/sortir/", views.employee_exit, name="exit"),
    path("salaries/<int:pk>/reembaucher/", views.employee_rehire, name="rehire"),
    path("salaries/<int:pk>/nir/", views.nir_reveal, name="nir_reveal"),
]
