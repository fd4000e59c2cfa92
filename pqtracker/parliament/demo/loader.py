"""Writes the demo: users with their roles, then the questions through ``upsert_question``.

Idempotent. A question we already hold gets only its final version (so a rerun records nothing
unless a date relative to today has moved); a new one is written version by version, so its change
history and every answer version exist as they would after real imports.
"""

from __future__ import annotations

import dataclasses
import datetime
from dataclasses import dataclass

from django.contrib.auth.password_validation import validate_password
from django.db import transaction
from django.utils import timezone

from pqtracker.accounts.models import User
from pqtracker.accounts.roles import Role
from pqtracker.accounts.services import grant_role
from pqtracker.parliament import services
from pqtracker.parliament.demo import (
    current,
    lords,
    other_departments,
    seed_question,
    send_2021_23,
    send_2024_26,
)
from pqtracker.parliament.demo.builders import DemoQuestion
from pqtracker.parliament.demo.people import ensure_people
from pqtracker.parliament.models import ImportRun, ImportRunStatus, QuestionChange, WrittenQuestion
from pqtracker.parliament.rules import Outcome

DATA_MODULES = (seed_question, send_2021_23, send_2024_26, lords, other_departments, current)
DEFAULT_PASSWORD = "pq-tracker-demo-only"  # noqa: S105 - a published demo password, never production
ADMIN_USERNAME = "admin"
SEED_UIN = "87924"
SEED_TABLED = datetime.date(2021, 12, 6)


@dataclass(frozen=True)
class DemoUserSpec:
    username: str
    role: Role | None
    first_name: str
    last_name: str

    @property
    def role_label(self) -> str:
        return self.role.label if self.role else "Superuser (all permissions)"


DEMO_USERS: tuple[DemoUserSpec, ...] = (
    DemoUserSpec("pq_team", Role.PQ_TEAM, "Priya", "Shah"),
    DemoUserSpec("drafter", Role.DRAFTER, "Dan", "Hughes"),
    DemoUserSpec("clearer", Role.CLEARER, "Claire", "Osei"),
    DemoUserSpec("clerk", Role.CLERK, "Colin", "Baker"),
    DemoUserSpec("viewer", Role.VIEWER, "Vera", "Lindqvist"),
    DemoUserSpec(ADMIN_USERNAME, None, "Ada", "Admin"),
)


@dataclass(frozen=True)
class QuestionsResult:
    new: int
    updated: int
    unchanged: int
    import_run: ImportRun | None


def demo_questions(today: datetime.date) -> list[DemoQuestion]:
    return [item for module in DATA_MODULES for item in module.questions(today)]


def is_seeded() -> bool:
    return (
        User.objects.filter(username=ADMIN_USERNAME).exists()
        and WrittenQuestion.objects.lookup(
            house="Commons", uin=SEED_UIN, date_tabled=SEED_TABLED
        ).exists()
    )


@transaction.atomic
def seed_demo_users(
    *, password: str, check_passwords: bool = True
) -> list[tuple[DemoUserSpec, bool]]:
    """Create the demo users (one per role, plus a superuser) and grant their roles.

    Returns each spec with whether the user was created. Existing users get the demo password
    back if it was changed, unless ``check_passwords`` is off (hashing is slow on every start).
    """
    validate_password(password)
    results = []
    for spec in DEMO_USERS:
        user, created = User.objects.get_or_create(
            username=spec.username,
            defaults={
                "first_name": spec.first_name,
                "last_name": spec.last_name,
                "email": f"{spec.username}@example.org",
                "is_staff": spec.role is None,
                "is_superuser": spec.role is None,
            },
        )
        if created or (check_passwords and not user.check_password(password)):
            user.set_password(password)
            user.save(update_fields=["password"])
        if spec.role is not None:
            grant_role(user=user, role=spec.role, by=None)
        results.append((spec, created))
    return results


@transaction.atomic
def seed_demo_questions(*, today: datetime.date) -> QuestionsResult:
    ensure_people()
    now = timezone.now()
    run = ImportRun.objects.create(
        kind=ImportRun.Kind.DEMO, status=ImportRunStatus.RUNNING, started_at=now
    )
    items = demo_questions(today)
    run.items_total = len(items)
    new = updated = unchanged = 0
    for item in items:
        final = item.final
        if item.withdrawn:
            final = dataclasses.replace(final, is_withdrawn=True)
        if services.find_question(final) is None:
            _write_history(item, run)
            new += 1
            continue
        outcome = services.upsert_question(
            record=final, source=QuestionChange.Source.DEMO, import_run=run, seen_at=now
        ).outcome
        if outcome is Outcome.UNCHANGED:
            unchanged += 1
        else:
            updated += 1
    if not (new or updated):
        # Nothing written: leave no trace, so that a rerun creates nothing at all.
        run.delete()
        return QuestionsResult(0, 0, unchanged, None)
    run.status = ImportRunStatus.SUCCEEDED
    run.items_processed = len(items)
    run.new_count, run.updated_count, run.unchanged_count = new, updated, unchanged
    run.withdrawn_count = sum(1 for item in items if item.withdrawn)
    run.finished_at = timezone.now()
    run.save()
    return QuestionsResult(new, updated, unchanged, run)


def _write_history(item: DemoQuestion, run: ImportRun) -> None:
    question = None
    for version in item.versions:
        question = services.upsert_question(
            record=version.record,
            source=QuestionChange.Source.DEMO,
            import_run=run,
            seen_at=_moment(version.on),
        ).question
    if item.withdrawn and question is not None:
        services.mark_withdrawn(
            question=question, source=QuestionChange.Source.DEMO, import_run=run
        )


def _moment(day: datetime.date) -> datetime.datetime:
    # Parliament publishes overnight; a morning time reads naturally in the change history.
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(9, 30)))
