from django.urls import path

from portail.help import views

app_name = "help"

urlpatterns = [
    path("aide/", views.index, name="index"),
    path("aide/recherche/", views.search, name="search"),
    path("aide/guide.pdf", views.guide_pdf, name="pdf"),
    path("aide/captures/<slug:name>.png", views.capture, name="capture"),
    path("aide/<slug:section_id>/", views.section, name="section"),
]
