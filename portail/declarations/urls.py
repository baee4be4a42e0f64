from django.urls import path

from portail.declarations import views

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
]
