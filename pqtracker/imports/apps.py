from django.apps import AppConfig


class ImportsConfig(AppConfig):
    name = "pqtracker.imports"
    label = "imports"
    verbose_name = "Imports from Parliament"

    def ready(self) -> None:
        from pqtracker.accounts import capabilities
        from pqtracker.accounts.permissions import Permission
        from pqtracker.health.registry import register
        from pqtracker.imports.status import health_check

        register("imports", health_check)
        capabilities.register(
            permission=Permission.VIEW_IMPORTS,
            text="See how the imports from Parliament went, and any that failed.",
            url_name="imports:import-list",
        )
        capabilities.register(
            permission=Permission.RUN_IMPORTS, text="Run an import from Parliament now."
        )
