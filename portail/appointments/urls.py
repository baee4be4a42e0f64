from django.urls import path

from portail.appointments import views

app_name = "appointments"

urlpatterns = [
    path("rendez-vous/", views.appointment_list, name="list"),
    path("rendez-vous/demander/", views.request_create, name="request_create"),
    path("rendez-vous/demandes/<int:pk>/", views.request_receipt, name="request_receipt"),
    path("rendez-vous/annulation/", views.cancel_choose, name="cancel_choose"),
    path("rendez-vous/<int:pk>/annuler/", views.cancel_create, name="cancel_create"),
    path("rendez-vous/annulations/<int:pk>/", views.cancellation_detail, name="cancellation_detail"),
    path("rendez-vous/documents/<int:pk>/", views.document_download, name="document"),
    path("rendez-vous/suivi/", views.board, name="board"),
]
