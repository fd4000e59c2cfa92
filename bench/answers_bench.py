"""Answers benchmark: autosave and the My work queue with a department's worth of cases.

    .venv/bin/python bench/answers_bench.py [--questions 100000] [--drafts 20000] [--versions 10]
                                            [--samples 200] [--postgres postgres://user@host/db]

Fills a fresh throwaway database (bench/throwaway_db.py) with ``--questions`` departmental
questions, each with its workflow case spread over the stages, ``--drafts`` of them with
``--versions`` draft versions each, 50 policy teams of drafters and a clearance chain of
clearers. Then times, as a signed-in user would meet them, and prints ``name: value`` lines:

    autosave_p95_ms        one autosave of a draft: the drafting service's save
                           (``answers.drafting.save_version``: a new version, its number claimed
                           by a conditional update, audited), each based on the latest version;
                           ``_cpu_ms``: the same in this process's CPU time
    my_work_p95_ms         GET /answers/ (My work) through the whole Django stack, for drafters
                           and clearers holding different numbers of cases (``_cpu_ms``: the
                           same in this process's CPU time, which a loaded machine inflates less)
    my_work_queries        the page's query count, the same for every user (checked: the run
                           fails if it differs between a user holding 1 case and one holding 100s)

Targets (issue 17): autosave_p95_ms <= 50 and my_work_p95_ms <= 100.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))

from bench.throwaway_db import setup_database  # noqa: E402

TEXT = (
    "In 2023, 50.3% of new education, health and care plans were issued within 20 weeks, "
    "excluding exceptions, compared with 49.2% in 2022. The department publishes these figures "
    "each year in 'Education, health and care plans', on Explore Education Statistics. "
)


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1] if len(values) >= 20 else max(values)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--questions", type=int, default=100_000)
    parser.add_argument("--drafts", type=int, default=20_000)
    parser.add_argument("--versions", type=int, default=10)
    parser.add_argument("--samples", type=int, default=200)
    parser.add_argument("--postgres", metavar="URL")
    args = parser.parse_args()

    engine, cleanup = setup_database(args.postgres, prefix="pq_answers_bench")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pqtracker.settings")
    os.environ["LOG_LEVEL"] = "WARNING"
    import django

    django.setup()
    from django.conf import settings

    settings.DEBUG = False
    settings.ALLOWED_HOSTS = ["*"]
    try:
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
        users = fill(args)
        autosave = time_autosave(args, users)
        work_ms, work_cpu, queries = time_my_work(args, users)
        print(f"engine: {engine}")
        print(f"answers_questions: {args.questions}")
        print(f"answers_draft_versions: {args.drafts * args.versions}")
        print(f"autosave_service: {autosave[0]}")
        print(f"autosave_p95_ms: {p95(autosave[1]):.1f}")
        # This process's CPU time only (the database's, for PostgreSQL, is not in it): on a
        # shared, loaded machine the wall clock also counts waiting for a core.
        print(f"autosave_p95_cpu_ms: {p95(autosave[2]):.1f}")
        print(f"my_work_p95_ms: {p95(work_ms):.1f}")
        print(f"my_work_p95_cpu_ms: {p95(work_cpu):.1f}")
        print(f"my_work_queries: {queries}")
    finally:
        cleanup()


def fill(args: argparse.Namespace) -> dict[str, list]:
    import datetime

    from django.db import transaction
    from django.utils import timezone

    from pqtracker.accounts.models import RoleAssignment, User
    from pqtracker.accounts.roles import Role
    from pqtracker.answers.models import (
        Case,
        CaseStatus,
        ClearanceStep,
        DraftVersion,
        PolicyTeam,
        TeamMembership,
    )
    from pqtracker.parliament.models import AnsweringBody, WrittenQuestion

    rng = random.Random(17)
    now = timezone.now()
    body = AnsweringBody.objects.create(parliament_id=60, name="Department for Education")
    with transaction.atomic():
        drafters = User.objects.bulk_create(User(username=f"drafter{i}") for i in range(200))
        clearers = User.objects.bulk_create(User(username=f"clearer{i}") for i in range(20))
        RoleAssignment.objects.bulk_create(
            [RoleAssignment(user=u, role=Role.DRAFTER) for u in drafters]
            + [RoleAssignment(user=u, role=Role.CLEARER) for u in clearers]
        )
        teams = PolicyTeam.objects.bulk_create(PolicyTeam(name=f"Team {i}") for i in range(50))
        TeamMembership.objects.bulk_create(
            TeamMembership(team=teams[i % 50], user=u) for i, u in enumerate(drafters)
        )
    first = datetime.date(2024, 7, 17)
    batch = 5000
    stages = [s for s in CaseStatus]
    for start in range(0, args.questions, batch):
        size = min(batch, args.questions - start)
        with transaction.atomic():
            questions = WrittenQuestion.objects.bulk_create(
                WrittenQuestion(
                    parliament_id=1_600_000 + start + i,
                    uin=str(100_000 + start + i),
                    house="Commons",
                    date_tabled=first + datetime.timedelta(days=(start + i) % 600),
                    date_for_answer=first + datetime.timedelta(days=(start + i) % 600 + 5),
                    heading="Special Educational Needs",
                    question_text="To ask the Secretary of State for Education, " + TEXT,
                    answering_body=body,
                )
                for i in range(size)
            )
            cases = []
            for i, q in enumerate(questions):
                n = start + i
                drafted = n < args.drafts
                status = (
                    rng.choice([CaseStatus.DRAFTING, CaseStatus.IN_CLEARANCE])
                    if drafted
                    else rng.choice(stages)
                )
                officer = drafters[n % len(drafters)]
                holder = (
                    clearers[n % len(clearers)]
                    if status == CaseStatus.IN_CLEARANCE
                    else officer
                    if status in (CaseStatus.DRAFTING, CaseStatus.ACCEPTED)
                    else None
                )
                cases.append(
                    Case(
                        question=q,
                        status=status,
                        status_since=now,
                        policy_team=teams[n % len(drafters) % 50],
                        action_officer=officer,
                        holder=holder,
                        held_since=now,
                        internal_deadline=q.date_for_answer,
                        latest_version=args.versions if drafted else 0,
                        clearance_round=1 if status == CaseStatus.IN_CLEARANCE else 0,
                    )
                )
            cases = Case.objects.bulk_create(cases)
            drafted_cases = [c for c in cases if c.latest_version]
            DraftVersion.objects.bulk_create(
                DraftVersion(
                    case=c,
                    number=v,
                    answer_text=TEXT * 3 + str(v),
                    background_note=TEXT,
                    author=c.action_officer,
                    based_on=v - 1 or None,
                )
                for c in drafted_cases
                for v in range(1, args.versions + 1)
            )
            ClearanceStep.objects.bulk_create(
                ClearanceStep(
                    case=c,
                    round=1,
                    order=10,
                    name="Deputy Director",
                    role_kind="deputy_director",
                    assignee=c.holder,
                )
                for c in cases
                if c.status == CaseStatus.IN_CLEARANCE
            )
    return {"drafters": drafters, "clearers": clearers}


def time_autosave(
    args: argparse.Namespace, users: dict[str, list]
) -> tuple[str, list[float], list[float]]:
    from pqtracker.answers.models import Case, CaseStatus

    cases = list(
        Case.objects.filter(status=CaseStatus.DRAFTING, latest_version__gt=0)
        .select_related("action_officer")
        .order_by("?")[: args.samples]
    )
    from pqtracker.answers.drafting import save_version

    name = "drafting.save_version"

    def save(case: Case, n: int) -> None:
        # The editor's own service, as its autosave POST calls it (bench/drafting_bench.py
        # times the whole request).
        result = save_version(
            case=case,
            user=case.action_officer,
            answer_text=TEXT * 3 + f" edit {n}",
            background_note=TEXT,
            answer_type="substantive",
            base_number=case.latest_version,
        )
        assert result.decision == "save", result.decision

    timings, cpu = [], []
    for n, case in enumerate(cases):
        started, cpu_started = time.perf_counter(), time.process_time()
        save(case, n)
        timings.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - cpu_started) * 1000)
    return name, timings, cpu


def time_my_work(
    args: argparse.Namespace, users: dict[str, list]
) -> tuple[list[float], list[float], int]:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    people = users["drafters"][:10] + users["clearers"][:10]
    clients = []
    for user in people:
        client = Client()
        client.force_login(user)
        clients.append(client)
    counts = set()
    for client in clients:  # warm up, and count queries for each user
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/answers/").status_code == 200
        counts.add(len(ctx.captured_queries))
    if len(counts) != 1:
        raise SystemExit(f"my_work query count varies between users: {sorted(counts)}")
    timings, cpu = [], []
    for n in range(args.samples):
        client = clients[n % len(clients)]
        started, cpu_started = time.perf_counter(), time.process_time()
        client.get("/answers/")
        timings.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - cpu_started) * 1000)
    return timings, cpu, counts.pop()


if __name__ == "__main__":
    main()
