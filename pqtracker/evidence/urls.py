from django.urls import path

from pqtracker.evidence import views

app_name = "evidence"

urlpatterns = [
    path("", views.figure_search, name="search"),
    path("check/", views.figure_check, name="check"),
    path("figures/<path:reference>/local-authorities/", views.la_comparison, name="compare"),
    path("figures/<path:reference>/", views.figure_detail, name="figure"),
    path("publications/<slug:slug>/", views.publication_detail, name="publication"),
]
