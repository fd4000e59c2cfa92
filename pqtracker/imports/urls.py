from django.urls import path

from pqtracker.imports import views

app_name = "imports"

urlpatterns = [
    path("", views.import_list, name="import-list"),
]
