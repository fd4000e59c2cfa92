from django.apps import AppConfig


class ImportsConfig(AppConfig):
    name = "pqtracker.imports"
    label = "imports"
    verbose_name = "Imports from Parliament"
