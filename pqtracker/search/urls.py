from django.urls import path

from pqtracker.search import views

app_name = "search"

urlpatterns = [
    path("", views.search, name="search"),
    path("export.csv", views.export, name="export"),
    path("saved/", views.saved_searches, name="saved"),
    path("saved/<int:pk>/delete/", views.delete_saved_search, name="delete-saved"),
]
