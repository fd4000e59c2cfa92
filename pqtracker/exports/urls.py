from django.urls import path

from pqtracker.exports import views

app_name = "exports"

urlpatterns = [
    path("", views.request_export, name="request"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/download", views.download, name="download"),
]
