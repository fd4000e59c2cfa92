from django.urls import path

from pqtracker.health import views

app_name = "health"

urlpatterns = [path("", views.healthz, name="healthz")]
