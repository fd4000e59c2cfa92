"""Pages benchmark: every page type as a signed-in user sees it, at a million questions.

    .venv/bin/python bench/pages_bench.py [--questions 1000000] [--postgres URL] [--keep NAME]
                                          [--repeat 20] [--verbose]

Builds a throwaway database of ``--questions`` generated questions (the search benchmark's
generator: real sentences and word frequencies from ../shared, answers, 1,400 members, six
answering bodies), turns a slice of the newest into unanswered, holding and withdrawn questions,
adds change history, builds the search index, then requests each page through Django's test
client as a signed-in PQ team member, ``--repeat`` times after one warm-up request, and prints:

    page_<name>_p95_ms, page_<name>_queries     per page: the 95th percentile and the query count
    page_<name>_cpu_ms                          per page: this process's median CPU per request
    page_<name>_first_ms                        per page: the first request (nothing kept yet)
    pages_worst_p95_ms, pages_worst_queries     the slowest page and the most queries
    pages_worst_first_ms                        the slowest first request

``--keep NAME`` keeps the database (SQLite: var/bench/NAME.sqlite3; PostgreSQL: a database NAME
beside the one in the URL) and reuses it next time when it already holds the questions asked for:
building a million questions and their index takes many minutes.

Pages of apps that are not installed (the deadlines dashboard, the answers work queues) are left
out, so the same script measures whatever the project has.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime
import os
import random
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))

from bench.throwaway_db import setup_database  # noqa: E402

BENCH_PASSWORD = "bench-only-password-1"  # noqa: S105 (a throwaway database's user)
BENCH_USER = "bench_pq_team"


def keep_database(postgres: str | None, name: str) -> tuple[str, Callable[[], None]]:
    """A database that outlives the run: made when absent, never dropped."""
    os.environ.pop("REDIS_URL", None)
    folder = REPO_ROOT / "var" / "bench"
    folder.mkdir(parents=True, exist_ok=True)
    os.environ["PQTRACKER_VAR_DIR"] = str(folder / f"{name}-var")
    if postgres:
        import psycopg
        from psycopg import sql

        with psycopg.connect(postgres, autocommit=True) as conn:
            exists = conn.execute(
                "SELECT 1 FROM pg_database WHERE datname = %s", (name,)
            ).fetchone()
            if not exists:
                conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        base, _, _ = postgres.rpartition("/")
        os.environ["DATABASE_URL"] = f"{base}/{name}"
        return "postgresql", lambda: None
    os.environ["DATABASE_URL"] = f"sqlite:///{folder / name}.sqlite3"
    return "sqlite", lambda: None


def prepare(questions: int, rng: random.Random) -> None:
    """Generate the record (unless a kept database already holds it) and the bench user."""
    from django.core.management import call_command
    from django.db import connection

    from pqtracker.parliament.models import WrittenQuestion

    call_command("migrate", verbosity=0)
    if WrittenQuestion.objects.count() < questions:
        if WrittenQuestion.objects.exists():
            sys.exit("the kept database holds fewer questions than asked for: use another --keep")
        from bench.search_bench import generate

        started = time.perf_counter()
        generate(questions, rng)
        vary_the_record(questions, rng)
        from pqtracker.search.index import rebuild_index

        rebuild_index(batch_size=50_000)
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
        print(f"pages_build_s: {time.perf_counter() - started:.1f}")
    make_user()


def vary_the_record(questions: int, rng: random.Random) -> None:
    """The generator answers everything: open the newest 2% again, hold 0.5%, withdraw 0.1%,
    and give one question in fifty a recorded change, as a real record has."""
    from django.db import transaction
    from django.utils import timezone

    from pqtracker.parliament.models import Answer, QuestionChange, WrittenQuestion

    newest = list(
        WrittenQuestion.objects.order_by("-date_tabled", "-id").values_list("id", flat=True)[
            : max(4, questions // 50)
        ]
    )
    holding = newest[: max(1, len(newest) // 4)]
    withdrawn = newest[len(holding) : len(holding) + max(1, questions // 1000)]
    unanswered = newest[len(holding) + len(withdrawn) :]
    with transaction.atomic():
        Answer.objects.filter(question_id__in=unanswered + withdrawn).delete()
        WrittenQuestion.objects.filter(pk__in=unanswered).update(
            status="unanswered", date_answered=None, answering_member=None
        )
        WrittenQuestion.objects.filter(pk__in=withdrawn).update(
            status="withdrawn", is_withdrawn=True, date_answered=None, answering_member=None
        )
        Answer.objects.filter(question_id__in=holding).update(is_holding=True)
        WrittenQuestion.objects.filter(pk__in=holding).update(status="holding")
        now = timezone.now()
        changed = rng.sample(range(1, questions + 1), max(1, questions // 50))
        QuestionChange.objects.bulk_create(
            (
                QuestionChange(
                    question_id=pk,
                    field="heading",
                    old_value="",
                    new_value="Schools: Finance",
                    changed_at=now,
                )
                for pk in changed
            ),
            batch_size=5_000,
        )


def make_user() -> None:
    from django.contrib.auth import get_user_model

    from pqtracker.accounts.roles import Role

    user_model = get_user_model()
    user, _ = user_model.objects.get_or_create(username=BENCH_USER)
    user.set_password(BENCH_PASSWORD)
    user.save()
    from pqtracker.accounts.services import grant_role

    grant_role(user=user, role=Role.PQ_TEAM, by=None)


def page_list(rng: random.Random) -> list[tuple[str, str]]:
    """(name, path) for every page type; ids and words picked from the database."""
    from django.urls import NoReverseMatch, reverse

    from pqtracker.parliament.models import AnsweringBody, WrittenQuestion

    def one_of(status: str) -> int | None:
        return (
            WrittenQuestion.objects.filter(status=status)
            .order_by("-date_tabled")
            .values_list("id", flat=True)
            .first()
        )

    total = WrittenQuestion.objects.count()
    deep = max(2, total // 25 // 2)  # the middle page of the whole list
    body = AnsweringBody.objects.order_by("id").values_list("id", flat=True).first()
    pages = [
        ("list", "/questions/"),
        ("list_deep", f"/questions/?page={deep}"),
        ("list_uin", "/questions/?uin=8"),
        ("list_sort_uin_deep", "/questions/?sort=uin&page=500"),
        ("list_sort_answered", "/questions/?sort=answered"),
        ("list_sort_due", "/questions/?sort=due"),
        ("list_named_day", "/questions/?named_day=yes"),
        (
            "list_house_body_status",
            f"/questions/?house=Commons&answering_body={body}&status=answered",
        ),
        ("list_unanswered", "/questions/?status=unanswered"),
        ("list_possible_duplicates", "/questions/?possible_duplicates=on"),
    ]
    for status in ("answered", "unanswered", "holding", "withdrawn"):
        pk = one_of(status)
        if pk is not None:
            pages.append((f"question_{status}", f"/questions/{pk}/"))
    from bench.search_bench import load_corpus

    _sentences, _headings, words = load_corpus()
    common = "school"
    rare = sorted({w.lower() for w in words if len(w) > 9}, key=lambda w: rng.random())[0]
    pages += [
        ("search_empty", "/search/"),
        ("search_common", f"/search/?q={common}"),
        ("search_rare", f"/search/?q={rare}"),
        ("search_phrase", "/search/?q=%22special+educational+needs%22"),
        (
            "search_filtered",
            f"/search/?q={common}&house=Commons&tabled_from=1%2F1%2F2019&status=answered",
        ),
        ("imports", "/imports/"),
    ]
    # Pages of capabilities that may not be installed yet.
    for name, url_name in (
        ("dashboard", "deadlines:dashboard"),
        ("my_work", "answers:my-work"),
        ("new_queue", "answers:new-queue"),
    ):
        with contextlib.suppress(NoReverseMatch):
            pages.append((name, reverse(url_name)))
    return pages


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))]


def time_pages(
    pages: list[tuple[str, str]], repeat: int, verbose: bool
) -> tuple[float, int, float]:
    from django.contrib.auth import get_user_model
    from django.db import connection, reset_queries
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    client.force_login(get_user_model().objects.get(username=BENCH_USER))
    worst_p95, worst_queries, worst_first = 0.0, 0, 0.0
    for name, path in pages:
        reset_queries()  # the request resets the log, which would leave the context nothing
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            response = client.get(path)  # warm-up, and the query count
            first = (time.perf_counter() - started) * 1000
        query_count = len(queries)  # read now: the next request resets the log
        if response.status_code != 200:
            # A redirect would time only itself: every address here must be the page's own.
            sys.exit(f"{path} answered {response.status_code}")
        timings, cpu = [], []
        for _ in range(repeat):
            started, started_cpu = time.perf_counter(), time.process_time()
            client.get(path)
            timings.append((time.perf_counter() - started) * 1000)
            cpu.append((time.process_time() - started_cpu) * 1000)
        p95 = percentile(timings, 0.95)
        print(f"page_{name}_p95_ms: {p95:.1f}")
        print(f"page_{name}_queries: {query_count}")
        # The first request: nothing of this page's kept yet by the process (ADR 19), as after
        # an import changed the record. The repetitions find the answers kept.
        print(f"page_{name}_first_ms: {first:.1f}")
        # This process's CPU per request (median): what bounds the server's throughput. On
        # SQLite it includes the queries; PostgreSQL's own work is in its server process.
        print(f"page_{name}_cpu_ms: {statistics.median(cpu):.1f}")
        if verbose:
            print(f"# {name}: {path} median {statistics.median(timings):.1f} ms")
        worst_p95 = max(worst_p95, p95)
        worst_queries = max(worst_queries, query_count)
        worst_first = max(worst_first, first)
    return worst_p95, worst_queries, worst_first


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--questions", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--postgres", metavar="URL", help="a PostgreSQL URL to create beside")
    parser.add_argument("--keep", metavar="NAME", help="keep the database under this name")
    parser.add_argument("--verbose", action="store_true")
    args = parser.parse_args()

    if args.keep:
        engine, cleanup = keep_database(args.postgres, args.keep)
    else:
        engine, cleanup = setup_database(args.postgres, prefix="pq_pages_bench")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pqtracker.settings")
    os.environ["LOG_LEVEL"] = "WARNING"
    import django

    django.setup()
    from django.conf import settings

    settings.DEBUG = False
    settings.ALLOWED_HOSTS = ["testserver"]
    rng = random.Random(20211209)
    try:
        prepare(args.questions, rng)
        pages = page_list(rng)
        worst_p95, worst_queries, worst_first = time_pages(pages, args.repeat, args.verbose)
        print(f"engine: {engine}")
        print(f"pages_questions: {args.questions}")
        print(f"pages_worst_p95_ms: {worst_p95:.1f}")
        print(f"pages_worst_queries: {worst_queries}")
        print(f"pages_worst_first_ms: {worst_first:.1f}")
        print(f"pages_measured_on: {datetime.date.today().isoformat()}")
        print("pages_load_average: " + " ".join(f"{value:.1f}" for value in os.getloadavg()))
    finally:
        cleanup()


if __name__ == "__main__":
    main()
