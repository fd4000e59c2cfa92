from django.apps import AppConfig


class ImportsConfig(AppConfig):
    name = "pqtracker.imports"
    label = "imports"
    verbose_name = "Imports from Parliament"

    def ready(self) -> None:
        from pqtracker.health.registry import register
        from pqtracker.imports.status import health_check

        register("imports", health_check)
