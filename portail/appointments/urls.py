from django.urls import path

from portail.appointments import staff_availability_views as availability_views
from portail.appointments import staff_views, views

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
    # Back office, self-contained until the shared back-office lands.
    path("gestion/rendez-vous/", staff_views.queue, name="staff_queue"),
    path("gestion/rendez-vous/demandes/<int:pk>/", staff_views.request_detail, name="staff_request"),
    path("gestion/rendez-vous/annulations/", staff_views.cancellations, name="staff_cancellations"),
    path("gestion/rendez-vous/planning/", staff_views.planning, name="staff_planning"),
    path("gestion/rendez-vous/rdv/<int:pk>/", staff_views.appointment_detail, name="staff_appointment"),
    path("gestion/rendez-vous/creneaux/", staff_views.slots, name="staff_slots"),
    path("gestion/rendez-vous/planification-groupee/", staff_views.periodic_batch, name="staff_batch"),
    path("gestion/rendez-vous/disponibilites/", availability_views.availability_list, name="staff_availability"),
    path(
        "gestion/rendez-vous/disponibilites/nouvelle/", availability_views.pattern_create, name="staff_pattern_create"
    ),
    path("gestion/rendez-vous/disponibilites/<int:pk>/", availability_views.pattern_edit, name="staff_pattern_edit"),
    path(
        "gestion/rendez-vous/exceptions/nouvelle/", availability_views.exception_create, name="staff_exception_create"
    ),
    path("gestion/rendez-vous/exceptions/<int:pk>/", availability_views.exception_edit, name="staff_exception_edit"),
    path("gestion/rendez-vous/durees/", availability_views.durations, name="staff_durations"),
]
