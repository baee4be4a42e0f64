from django.urls import path

from portail.portal import cockpit_views, views

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("theme.css", views.theme_css, name="theme_css"),
    path("regroupees/", cockpit_views.group, name="group"),
    path("tableau-de-bord/", cockpit_views.cockpit, name="cockpit"),
    path("tableau-de-bord/export.xlsx", cockpit_views.cockpit_export, name="cockpit_export"),
]
