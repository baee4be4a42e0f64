from django.urls import path

from portail.appointments import booking_views, invitation_views, views

app_name = "appointments"

urlpatterns = [
    path("rendez-vous/", views.appointment_list, name="list"),
    path("rendez-vous/passes/", views.past_list, name="past"),
    path("rendez-vous/demander/", views.request_create, name="request_create"),
    path("rendez-vous/demandes/<int:pk>/", views.request_receipt, name="request_receipt"),
    path("rendez-vous/annulation/", views.cancel_choose, name="cancel_choose"),
    path("rendez-vous/<int:pk>/annuler/", views.cancel_create, name="cancel_create"),
    path("rendez-vous/annulations/<int:pk>/", views.cancellation_detail, name="cancellation_detail"),
    path("rendez-vous/documents/<int:pk>/", views.document_download, name="document"),
    path("rendez-vous/suivi/", views.board, name="board"),
    # Online booking (issue 21)
    path("rendez-vous/reserver/", booking_views.book_start, name="book"),
    path("rendez-vous/reserver/confirmer/", booking_views.book_confirm, name="book_confirm"),
    path("rendez-vous/<int:pk>/", booking_views.booked_detail, name="booked"),
    path("rendez-vous/<int:pk>/convocation.pdf", booking_views.convocation_download, name="convocation_pdf"),
    path("rendez-vous/<int:pk>/agenda.ics", booking_views.ics_download, name="ics"),
    path("rendez-vous/<int:pk>/changer/", booking_views.move, name="move"),
    path("rendez-vous/invitations/nouvelle/", booking_views.invitation_new, name="invitation_new"),
    # Public: the employee's single-use link, without an account.
    path("rendez-vous/lien/<str:token>/", invitation_views.invitation_page, name="invitation"),
]
