from django.apps import AppConfig


class EvidenceConfig(AppConfig):
    name = "pqtracker.evidence"
    label = "evidence"
    verbose_name = "Evidence"

    def ready(self) -> None:
        from pqtracker.evidence import panels

        panels.register()

        # A citation saved or deleted one at a time (cite, uncite, the admin) advances the
        # citations' generation; a load advances it in its service (bulk writes send no signal).
        from pqtracker.evidence.models import CITATIONS, Citation
        from pqtracker.parliament import generation

        generation.advance_on_saves(CITATIONS, Citation)
