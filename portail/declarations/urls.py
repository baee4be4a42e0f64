from django.urls import path

from portail.declarations import views, views_staff

app_name = "declarations"

urlpatterns = [
    path("declarations/", views.declaration_list, name="list"),
    path("declarations/<int:pk>/", views.declaration_detail, name="detail"),
    path("declarations/<int:pk>/saisie/", views.declaration_fill, name="fill"),
    path("declarations/<int:pk>/totaux/", views.declaration_totals, name="totals"),
    path("declarations/<int:pk>/salaries/<int:employee_pk>/sortie/", views.employee_exit, name="employee_exit"),
    path("declarations/<int:pk>/sorties-fin-de-contrat/", views.expired_exits, name="expired_exits"),
    path("declarations/<int:pk>/salaries/<int:employee_pk>/completer/", views.employee_complete,
         name="employee_complete"),
    path("declarations/<int:pk>/accuse-reception.pdf", views.acknowledgement, name="acknowledgement"),
    path("declarations/<int:pk>/declaration.pdf", views.declaration_print, name="print"),
    # Back office
    path("gestion/declarations/", views_staff.campaigns, name="staff_campaigns"),
    path("gestion/declarations/campagnes/<int:pk>/", views_staff.campaign_dashboard, name="staff_campaign"),
    path("gestion/declarations/campagnes/<int:pk>/export.csv", views_staff.campaign_export, name="staff_export"),
    path("gestion/declarations/campagnes/<int:pk>/relances/", views_staff.campaign_reminders,
         name="staff_reminders"),
    path("gestion/declarations/campagnes/<int:pk>/cloturer/", views_staff.campaign_close, name="staff_close"),
    path("gestion/declarations/<int:pk>/", views_staff.declaration_detail, name="staff_declaration"),
    path("gestion/declarations/<int:pk>/valider/", views_staff.declaration_validate, name="staff_validate"),
    path("gestion/declarations/<int:pk>/rouvrir/", views_staff.declaration_reopen, name="staff_reopen"),
    path("gestion/declarations/<int:pk>/accuse-reception.pdf", views_staff.acknowledgement,
         name="staff_acknowledgement"),
]
