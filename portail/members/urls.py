from django.urls import path

from portail.members import views

app_name = "members"

urlpatterns = [
    path("informations/", views.information, name="information"),
    path("informations/modifier/", views.information_edit, name="information_edit"),
    path("informations/adresses/ajouter/", views.address_form, name="address_create"),
    path("informations/adresses/<int:pk>/modifier/", views.address_form, name="address_edit"),
    path("informations/adresses/<int:pk>/supprimer/", views.address_delete, name="address_delete"),
    path("informations/contacts/ajouter/", views.contact_form, name="contact_create"),
    path("informations/contacts/<int:pk>/modifier/", views.contact_form, name="contact_edit"),
    path("informations/contacts/<int:pk>/supprimer/", views.contact_delete, name="contact_delete"),
    path("informations/communes/", views.communes, name="communes"),
    path("informations/changement-de-situation/", views.situation_change, name="situation_change"),
    path("informations/changement-de-situation/<int:pk>/", views.situation_change_receipt,
         name="situation_change_receipt"),
    path("contacts/", views.service_contacts, name="service_contacts"),
    path("contacts/personnes/<int:pk>/", views.team_person, name="team_person"),
]
