from django.urls import path

from portail.backoffice import views

app_name = "backoffice"

ITEM = "gestion/demandes/<slug:source>/<int:pk>/"

urlpatterns = [
    path("gestion/connexion/", views.staff_login, name="login"),
    path("gestion/verification/", views.otp_verify, name="otp_verify"),
    path("gestion/double-authentification/", views.otp_enrol, name="otp_enrol"),
    path("gestion/deconnexion/", views.staff_logout, name="logout"),
    path("gestion/codes-de-secours/", views.backup_codes, name="backup_codes"),
    path("gestion/", views.inbox_list, name="inbox"),
    path(ITEM, views.item_detail, name="item"),
    path(ITEM + "piece-jointe/", views.item_attachment, name="item_attachment"),
    path(ITEM + "commenter/", views.item_comment, name="item_comment"),
    path(ITEM + "m-attribuer/", views.item_assign_me, name="item_assign_me"),
    path(ITEM + "repondre/", views.item_answer, name="item_answer"),
    path("gestion/adherents/", views.member_list, name="member_list"),
    path("gestion/adherents/<int:pk>/", views.member_detail, name="member_detail"),
    path("gestion/journal/", views.audit_log, name="audit_log"),
    path("gestion/personnel/", views.staff_list, name="staff_list"),
    path("gestion/personnel/<int:pk>/", views.staff_edit, name="staff_edit"),
    path("gestion/personnel/<int:pk>/reinitialiser-second-facteur/", views.staff_otp_reset, name="staff_otp_reset"),
]
