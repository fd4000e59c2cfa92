"""Deadlines benchmark: the dashboard page and the on-time statistics page.

    .venv/bin/python bench/dashboard_bench.py [--open 10000] [--answered 200000]
        [--stats-answered 1000000] [--requests 30] [--postgres postgres://user@host/db]

Uses a fresh throwaway database (bench/throwaway_db.py): a temporary SQLite file, or with
``--postgres`` a new PostgreSQL database beside the one named, dropped at the end. Rows are
generated straight into the question table with the columns the write paths would store
(on_time_by, answered_on_time, answer_working_days computed by calendar.deadlines). Prints
``name: value`` lines (``make bench`` collects them):

    dashboard_p95_ms      GET /deadlines/ as a clerk, ``--open`` open and ``--answered`` answered
                          questions to the department, p95 over ``--requests`` requests
    dashboard_cpu_p95_ms  the same requests' CPU time in this process (on SQLite the database's
                          work included; on a loaded machine the wall time mostly waits)
    dashboard_queries     SQL queries that request makes (session and user included)
    dashboard_pq_team_p95_ms, dashboard_pq_team_queries
                          the same page as the PQ team, who also get the bulk actions
    statistics_p95_ms     GET /deadlines/statistics/ once the answered questions number
                          ``--stats-answered``
"""

from __future__ import annotations

import argparse
import datetime
import os
import random
import statistics as stats
import sys
import time
from collections.abc import Iterator
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))

from bench.throwaway_db import setup_database  # noqa: E402

COLUMNS = (
    "parliament_id",
    "source",
    "uin",
    "house",
    "session",
    "date_tabled",
    "date_for_answer",
    "is_named_day",
    "heading",
    "question_text",
    "answering_body_id",
    "member_has_interest",
    "is_withdrawn",
    "status",
    "date_answered",
    "answering_member_id",
    "on_time_by",
    "answered_on_time",
    "answer_working_days",
    "first_seen_at",
    "listing_fingerprint",
    "updated_at",
)
HEADINGS = ["Special Educational Needs", "Schools: Finance", "Teachers", "Free School Meals"]


def rows(
    rng: random.Random,
    *,
    start_id: int,
    count: int,
    answered: bool,
    today: datetime.date,
    body_ids: list[int],
    minister_ids: list[int],
) -> Iterator[tuple]:
    from pqtracker.calendar import deadlines
    from pqtracker.parliament.sessions import session_for

    now = datetime.datetime.now(datetime.UTC)
    for n in range(count):
        pk = start_id + n
        house = "Lords" if rng.random() < 0.1 else "Commons"
        named = house == "Commons" and rng.random() < 0.2
        if answered:
            tabled = today - datetime.timedelta(days=rng.randint(20, 365 * 5))
        else:
            tabled = today - datetime.timedelta(days=rng.randint(0, 30))
        for_answer = tabled + datetime.timedelta(days=rng.randint(2, 7))
        by = deadlines.on_time_by(
            house=house, is_named_day=named, date_tabled=tabled, date_for_answer=for_answer
        )
        date_answered = tabled + datetime.timedelta(days=rng.randint(1, 15)) if answered else None
        yield (
            pk,
            "api",
            str(pk % 100_000),
            house,
            session_for(tabled),
            tabled,
            for_answer,
            named,
            rng.choice(HEADINGS),
            "To ask the Secretary of State for Education, a generated question.",
            rng.choice(body_ids),
            False,
            False,
            "answered" if answered else rng.choice(["unanswered", "unanswered", "holding"]),
            date_answered,
            rng.choice(minister_ids) if answered else None,
            by,
            deadlines.answered_on_time(deadline=by, date_answered=date_answered, is_answered=True)
            if answered
            else None,
            deadlines.working_days_taken(tabled, date_answered) if answered else None,
            now,
            "",
            now,
        )


def insert(engine: str, generated: Iterator[tuple]) -> None:
    from django.db import connection

    table = "parliament_writtenquestion"
    with connection.cursor() as cursor:
        if engine == "postgresql":
            raw = cursor.cursor  # psycopg's own cursor, for COPY
            with raw.copy(f"COPY {table} ({', '.join(COLUMNS)}) FROM STDIN") as copy:
                for row in generated:
                    copy.write_row(row)
        else:
            marks = ", ".join("%s" for _ in COLUMNS)
            # Constant table and column names: nothing here comes from input.
            sql = f"INSERT INTO {table} ({', '.join(COLUMNS)}) VALUES ({marks})"  # noqa: S608
            batch: list[tuple] = []
            for row in generated:
                batch.append(row)
                if len(batch) >= 20_000:
                    cursor.executemany(sql, batch)
                    batch = []
            if batch:
                cursor.executemany(sql, batch)


def add_cases(rng: random.Random, *, open_ids: range, minister_ids: list[int]) -> None:
    """The answering workflow's case for each open question, as the importer's intake makes them,
    spread over policy teams, ministers, holders and stages (the dashboard counts by team and
    minister and shows who holds each question)."""
    from django.utils import timezone

    from pqtracker.answers.models import Case, PolicyTeam, TeamMembership
    from tests.factories import UserFactory

    teams = [PolicyTeam.objects.create(name=f"Policy team {n}") for n in range(8)]
    # No password (set_password(None) hashes nothing): outside the tests the hasher is the real
    # PBKDF2, about half a second of CPU a user, and these people never sign in.
    people = [UserFactory(username=f"bench-drafter-{n}", password=None) for n in range(24)]
    TeamMembership.objects.bulk_create(
        TeamMembership(team=teams[n % len(teams)], user=person) for n, person in enumerate(people)
    )
    now = timezone.now()
    statuses = ["new", "commissioned", "accepted", "drafting", "in_clearance", "cleared"]
    cases = []
    for question_id in open_ids:
        status = rng.choice(statuses)
        started = status != "new"
        cases.append(
            Case(
                question_id=question_id,
                status=status,
                status_since=now,
                policy_team=rng.choice(teams) if started else None,
                answering_minister_id=rng.choice(minister_ids) if started else None,
                holder=rng.choice(people) if status in ("accepted", "drafting") else None,
                internal_deadline=timezone.localdate() if started else None,
            )
        )
    Case.objects.bulk_create(cases, batch_size=2000)


def timed(client, url: str, requests: int) -> tuple[list[float], int, list[float]]:  # type: ignore[no-untyped-def]
    """Sorted wall and CPU timings in milliseconds, and the queries one request makes."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)  # warm caches and the session
    with CaptureQueriesContext(connection) as captured:
        client.get(url)
    # Read now: the context reads the log lazily, and the next request empties it.
    queries = len(captured)
    timings, cpu = [], []
    for _ in range(requests):
        started, cpu_started = time.perf_counter(), time.process_time()
        response = client.get(url)
        assert response.status_code == 200, response.status_code
        timings.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - cpu_started) * 1000)
    return sorted(timings), queries, sorted(cpu)


def p95(timings: list[float]) -> float:
    return timings[min(len(timings) - 1, int(round(0.95 * (len(timings) - 1))))]


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--open", type=int, default=10_000)
    parser.add_argument("--answered", type=int, default=200_000)
    parser.add_argument("--stats-answered", type=int, default=1_000_000)
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument(
        "--postgres", metavar="URL", help="a PostgreSQL URL; a fresh database is made beside it"
    )
    args = parser.parse_args()
    engine, cleanup = setup_database(args.postgres, prefix="pq_dashboard_bench")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pqtracker.settings")
    os.environ["LOG_LEVEL"] = "WARNING"
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.utils import timezone

    from pqtracker.accounts.roles import Role
    from pqtracker.parliament.models import AnsweringBody, Member
    from tests.factories import UserFactory

    settings.DEBUG = False
    settings.SECURE_SSL_REDIRECT = False
    rng = random.Random(20211209)
    try:
        call_command("migrate", verbosity=0)
        body_ids = [
            AnsweringBody.objects.create(parliament_id=pid, name=name).pk
            for pid, name in settings_bodies(settings)
        ]
        minister_ids = [
            Member.objects.create(parliament_id=4000 + n, name_display=f"Minister {n}").pk
            for n in range(8)
        ]
        today = timezone.localdate()
        kwargs = {"today": today, "body_ids": body_ids, "minister_ids": minister_ids}
        started = time.perf_counter()
        insert(engine, rows(rng, start_id=1, count=args.open, answered=False, **kwargs))
        insert(
            engine,
            rows(rng, start_id=args.open + 1, count=args.answered, answered=True, **kwargs),
        )
        add_cases(rng, open_ids=range(1, args.open + 1), minister_ids=minister_ids)
        if engine == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE parliament_writtenquestion")
                cursor.execute("ANALYZE answers_case")
        generated = time.perf_counter() - started

        client = Client()
        # Signed in by force_login: no password to hash (see add_cases).
        client.force_login(UserFactory(username="bench-clerk", password=None, roles=[Role.CLERK]))
        dashboard, queries, dashboard_cpu = timed(client, "/deadlines/", args.requests)
        pq_client = Client()
        pq_client.force_login(
            UserFactory(username="bench-pq-team", password=None, roles=[Role.PQ_TEAM])
        )
        pq_team, pq_team_queries, _ = timed(pq_client, "/deadlines/", args.requests)
        more = max(0, args.stats_answered - args.answered)
        insert(
            engine,
            rows(
                rng,
                start_id=args.open + args.answered + 1,
                count=more,
                answered=True,
                **kwargs,
            ),
        )
        if engine == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE parliament_writtenquestion")
        statistics_timings, _, _ = timed(
            client, "/deadlines/statistics/", max(5, args.requests // 3)
        )
        print(f"engine: {engine}")
        print(f"dashboard_open: {args.open}")
        print(f"dashboard_answered: {args.answered}")
        print(f"dashboard_generate_s_{engine}: {generated:.1f}")
        print(f"dashboard_p50_ms_{engine}: {stats.median(dashboard):.1f}")
        print(f"dashboard_p95_ms_{engine}: {p95(dashboard):.1f}")
        print(f"dashboard_cpu_p95_ms_{engine}: {p95(dashboard_cpu):.1f}")
        print(f"dashboard_queries: {queries}")
        print(f"dashboard_pq_team_p95_ms_{engine}: {p95(pq_team):.1f}")
        print(f"dashboard_pq_team_queries: {pq_team_queries}")
        print(f"statistics_answered: {args.answered + more}")
        print(f"statistics_p50_ms_{engine}: {stats.median(statistics_timings):.1f}")
        print(f"statistics_p95_ms_{engine}: {p95(statistics_timings):.1f}")
    finally:
        cleanup()


def settings_bodies(settings) -> list[tuple[int, str]]:  # type: ignore[no-untyped-def]
    """The department's answering bodies, so every generated question counts."""
    return [(pid, f"Answering body {pid}") for pid in settings.DEPARTMENT_ANSWERING_BODY_IDS]


if __name__ == "__main__":
    main()
