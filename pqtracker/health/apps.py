from django.apps import AppConfig


class HealthConfig(AppConfig):
    name = "pqtracker.health"
    label = "health"
    verbose_name = "Service health"
