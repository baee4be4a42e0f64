from django.urls import path

from portail.messaging import views

app_name = "messaging"

urlpatterns = [
    path("echanges/", views.threads, name="threads"),
    path("echanges/nouveau/", views.thread_create, name="thread_create"),
    path("echanges/<int:pk>/", views.thread_detail, name="thread"),
    path("echanges/<int:pk>/pieces/<int:message_pk>/", views.attachment, name="attachment"),
]
