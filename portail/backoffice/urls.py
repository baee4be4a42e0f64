from django.urls import path

from portail.backoffice import views, views_accounts, views_settings, views_structure

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
    path("gestion/adherents/nouveau/", views_accounts.member_create, name="member_create"),
    path("gestion/adherents/<int:pk>/", views.member_detail, name="member_detail"),
    path("gestion/adherents/<int:pk>/mandats/", views_accounts.member_mandate_grant, name="member_mandate_grant"),
    path("gestion/adherents/<int:pk>/regroupement/", views_accounts.member_group, name="member_group"),
    path("gestion/adherents/<int:pk>/centre-equipe/", views_accounts.member_assignment, name="member_assignment"),
    path("gestion/adherents/<int:pk>/voir-comme-adherent/", views_accounts.view_as_start, name="view_as_start"),
    path("gestion/voir-comme-adherent/quitter/", views_accounts.view_as_stop, name="view_as_stop"),
    path("gestion/comptes/<int:pk>/mot-de-passe/", views_accounts.account_password_reset,
         name="account_password_reset"),
    path("gestion/comptes/<int:pk>/verrouillage/", views_accounts.account_active, name="account_active"),
    path("gestion/mandats/<int:pk>/revoquer/", views_accounts.mandate_revoke, name="mandate_revoke"),
    path("gestion/mandataires/", views_accounts.mandataire_list, name="mandataire_list"),
    path("gestion/mandataires/nouveau/", views_accounts.mandataire_create, name="mandataire_create"),
    path("gestion/mandataires/<int:pk>/", views_accounts.mandataire_detail, name="mandataire_detail"),
    path("gestion/mandataires/<int:pk>/mandats/", views_accounts.mandataire_grant, name="mandataire_grant"),
    path("gestion/structure/<slug:kind>/", views_structure.structure_list, name="structure_list"),
    path("gestion/structure/<slug:kind>/nouveau/", views_structure.structure_edit, name="structure_create"),
    path("gestion/structure/<slug:kind>/<int:pk>/", views_structure.structure_edit, name="structure_edit"),
    path("gestion/parametres/", views_structure.service_settings, name="service_settings"),
    path("gestion/parametres/tarifs-et-delais/", views_settings.rules_settings, name="rules_settings"),
    path("gestion/journal/", views.audit_log, name="audit_log"),
    path("gestion/personnel/", views.staff_list, name="staff_list"),
    path("gestion/personnel/<int:pk>/", views.staff_edit, name="staff_edit"),
    path("gestion/personnel/<int:pk>/reinitialiser-second-facteur/", views.staff_otp_reset, name="staff_otp_reset"),
]
