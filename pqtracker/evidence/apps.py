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
        from django.db.models.signals import post_delete, post_save

        from pqtracker.evidence.models import CITATIONS, Citation
        from pqtracker.parliament import generation

        def advance(sender: object, **kwargs: object) -> None:
            generation.advance(str(kwargs.get("using") or "default"), CITATIONS)

        for signal in (post_save, post_delete):
            signal.connect(
                advance, sender=Citation, weak=False, dispatch_uid="citations-generation"
            )
