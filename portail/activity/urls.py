from django.urls import path

from portail.activity import views

app_name = "activity"

urlpatterns = [
    path("syntheses/", views.summary, name="summary"),
    path("syntheses/pdf/", views.summary_pdf, name="summary_pdf"),
    path("syntheses/actions/<int:pk>/document/", views.action_document, name="action_document"),
    path("gestion/actions/", views.staff_actions, name="staff_actions"),
    path("gestion/actions/nouvelle/", views.staff_action_create, name="staff_action_create"),
    path("gestion/actions/<int:pk>/document/", views.staff_action_document, name="staff_action_document"),
    path("gestion/actions/fiches-entreprise-en-retard/", views.staff_overdue_sheets, name="staff_overdue_sheets"),
]
