from django.urls import path

from portail.activity import views

app_name = "activity"

urlpatterns = [
    path("syntheses/", views.summary, name="summary"),
    path("syntheses/pdf/", views.summary_pdf, name="summary_pdf"),
    path("syntheses/actions/<int:pk>/document/", views.action_document, name="action_document"),
]
