from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "pqtracker.demo"
    label = "demo"
    verbose_name = "Demo data"
