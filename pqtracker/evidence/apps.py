from django.apps import AppConfig


class EvidenceConfig(AppConfig):
    name = "pqtracker.evidence"
    label = "evidence"
    verbose_name = "Evidence"

    def ready(self) -> None:
        from pqtracker.evidence import panels

        panels.register()
