"""``python manage.py seed_answers_demo``: demo teams and cases in every workflow stage. Run after
``seed_demo`` (it needs the demo users and questions). DEBUG only, like ``seed_demo``."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.test.utils import override_settings

from pqtracker.answers import demo


class Command(BaseCommand):
    help = "Put the demo's departmental questions in every answering stage. DEBUG only."

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEBUG:
            raise CommandError("seed_answers_demo only runs with DEBUG on (demo data).")
        from pqtracker.accounts.models import User

        if not User.objects.filter(username__in=["pq_team", "drafter", "clearer"]).count() == 3:
            raise CommandError("Run `python manage.py seed_demo` first: it creates the demo users.")
        # The demo's history would otherwise print each of its emails to the console.
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
            counts = demo.seed()
        if counts:
            summary = ", ".join(f"{n} {status}" for status, n in sorted(counts.items()))
            self.stdout.write(self.style.SUCCESS(f"Demo cases: {summary}."))
