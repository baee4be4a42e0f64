from django.contrib.auth import views as auth_views
from django.urls import path

from portail.accounts import second_factor_views, team_views, token_views, views

app_name = "accounts"

urlpatterns = [
    path("connexion/", views.PortalLoginView.as_view(), name="login"),
    path("connexion/code/", second_factor_views.otp_verify, name="otp_verify"),
    path("compte/double-authentification/", second_factor_views.otp_enrol, name="otp_enrol"),
    path("deconnexion/", auth_views.LogoutView.as_view(), name="logout"),
    path("mot-de-passe/", views.password_change, name="password_change"),
    path("mot-de-passe/oublie/", views.PortalPasswordResetView.as_view(), name="password_reset"),
    path(
        "mot-de-passe/oublie/envoye/",
        auth_views.PasswordResetDoneView.as_view(template_name="accounts/password_reset_done.html"),
        name="password_reset_done",
    ),
    path(
        "mot-de-passe/reinitialiser/<uidb64>/<token>/",
        views.PortalPasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "mot-de-passe/reinitialise/",
        auth_views.PasswordResetCompleteView.as_view(template_name="accounts/password_reset_complete.html"),
        name="password_reset_complete",
    ),
    path("compte/notifications/", views.notification_preferences, name="notification_preferences"),
    path("choisir-adherent/", views.choose_member, name="choose_member"),
    path("choisir-adherent/changer/", views.switch_member, name="switch_member"),
    path("utilisateurs/", team_views.users, name="users"),
    path("utilisateurs/inviter/", team_views.user_invite, name="user_invite"),
    path("utilisateurs/<int:pk>/role/", team_views.user_role, name="user_role"),
    path("utilisateurs/<int:pk>/acces/", team_views.user_active, name="user_active"),
    path("utilisateurs/invitations/<int:pk>/annuler/", team_views.invitation_revoke, name="invitation_revoke"),
    path("compte/acces-api/", token_views.api_tokens, name="api_tokens"),
    path("compte/acces-api/<int:pk>/revoquer/", token_views.api_token_revoke, name="api_token_revoke"),
    path("invitation/<str:token>/", team_views.invitation_accept, name="invitation_accept"),
]
