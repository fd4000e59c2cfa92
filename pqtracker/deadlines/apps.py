from django.apps import AppConfig


class DeadlinesConfig(AppConfig):
    name = "pqtracker.deadlines"
    verbose_name = "Deadlines"
