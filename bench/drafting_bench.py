"""Autosave benchmark: the draft editor's htmx save on a database of many drafts.

    .venv/bin/python bench/drafting_bench.py [--questions 100000] [--drafts 20000] [--versions 10]
        [--samples 300] [--postgres postgres://user@host/db]

Uses a fresh throwaway database (bench/throwaway_db.py). Builds ``--questions`` questions, a
case for each of ``--drafts`` of them (in Drafting, one policy team) with ``--versions`` versions
each, then times autosaves of changed text on random drafts, each based on the latest version,
as the editor sends them. Prints ``name: value`` lines (``make bench`` collects them):

    autosave_request_p95_ms   the htmx POST to the editor, end to end through Django (middleware,
                              permission checks, save_version, the status and out-of-band partials)
    autosave_request_cpu_p95_ms  the same requests' CPU time in this process (on SQLite that
                              includes the database; on a shared, loaded machine the wall time
                              above mostly measures waiting for a core)
    autosave_request_queries  database queries of one autosave request (does not grow with rows)

The service alone (issue 17's ``autosave_p95_ms``) is measured by bench/answers_bench.py.
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

SENTENCES = [
    "The department publishes figures on education, health and care plans annually.",
    "In 2023, 50.3% of new plans were issued within the 20-week time limit.",
    "Local authorities are responsible for assessing children's special educational needs.",
    "We are investing £2.6 billion between 2022 and 2025 in new school places.",
    "The information requested is not held centrally.",
    "Ofsted and the Care Quality Commission inspect local area SEND arrangements.",
]


def _text(rng: random.Random, sentences: int) -> str:
    return " ".join(rng.choice(SENTENCES) for _ in range(sentences))


def _p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[18] if len(values) >= 20 else max(values)


def generate(questions: int, drafts: int, versions: int, rng: random.Random) -> list[int]:
    """Fill the database; returns the ids of the cases with drafts."""
    import datetime

    from django.db import transaction
    from django.utils import timezone

    from pqtracker.answers.models import Case, DraftVersion
    from pqtracker.parliament.models import AnsweringBody, Member, WrittenQuestion

    now = timezone.now()
    member = Member.objects.create(parliament_id=1, name_display="Member 1", house="Commons")
    body = AnsweringBody.objects.create(parliament_id=60, name="Department for Education")
    day = datetime.date(2024, 1, 8)
    batch = 5_000
    for start in range(0, questions, batch):
        with transaction.atomic():
            WrittenQuestion.objects.bulk_create(
                WrittenQuestion(
                    parliament_id=1_000_000 + i,
                    uin=str(10_000 + i),
                    house="Commons",
                    session="2024-25",
                    date_tabled=day + datetime.timedelta(days=i % 300),
                    date_for_answer=day + datetime.timedelta(days=i % 300 + 5),
                    heading="Special Educational Needs",
                    question_text=f"To ask the Secretary of State for Education, (a) how many "
                    f"plans and (b) what proportion in area {i}.",
                    asking_member=member,
                    answering_body=body,
                )
                for i in range(start, min(start + batch, questions))
            )
    question_ids = list(WrittenQuestion.objects.order_by("id").values_list("id", flat=True))
    chosen = rng.sample(question_ids, drafts)
    from pqtracker.answers.models import PolicyTeam

    team = PolicyTeam.objects.get(name="Bench team")
    for start in range(0, drafts, batch):
        with transaction.atomic():
            Case.objects.bulk_create(
                Case(
                    question_id=qid,
                    status="drafting",
                    status_since=now,
                    policy_team=team,
                    latest_version=versions,
                )
                for qid in chosen[start : start + batch]
            )
    case_ids = list(Case.objects.order_by("id").values_list("id", flat=True))
    per_batch = max(1, batch // versions)
    for start in range(0, len(case_ids), per_batch):
        with transaction.atomic():
            DraftVersion.objects.bulk_create(
                DraftVersion(
                    case_id=cid,
                    number=n,
                    answer_text=_text(rng, 4),
                    background_note=_text(rng, 2),
                    based_on=n - 1 or None,
                )
                for cid in case_ids[start : start + per_batch]
                for n in range(1, versions + 1)
            )
    return case_ids


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--questions", type=int, default=100_000)
    parser.add_argument("--drafts", type=int, default=20_000)
    parser.add_argument("--versions", type=int, default=10)
    parser.add_argument("--samples", type=int, default=300)
    parser.add_argument(
        "--postgres", metavar="URL", help="a PostgreSQL URL; a fresh database is made beside it"
    )
    args = parser.parse_args()

    engine, cleanup = setup_database(args.postgres, prefix="pq_drafting_bench")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pqtracker.settings")
    os.environ["LOG_LEVEL"] = "WARNING"
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    settings.DEBUG = False
    settings.ALLOWED_HOSTS = ["testserver"]
    rng = random.Random(20211209)
    try:
        call_command("migrate", verbosity=0)
        from pqtracker.accounts.models import RoleAssignment, User
        from pqtracker.answers.models import Case, PolicyTeam, TeamMembership

        user = User.objects.create_user("bench_drafter")  # signed in by force_login
        RoleAssignment.objects.create(user=user, role="drafter")
        team = PolicyTeam.objects.create(name="Bench team")
        TeamMembership.objects.create(team=team, user=user)
        started = time.perf_counter()
        case_ids = generate(args.questions, args.drafts, args.versions, rng)
        generated = time.perf_counter() - started
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE")
        else:
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")

        client = Client()
        client.force_login(user)
        request_ms, cpu_ms, queries = [], [], []
        for i in range(args.samples + 10):
            case = Case.objects.get(pk=rng.choice(case_ids))
            data = {
                "answer_text": _text(rng, 5) + f" {i}",
                "background_note": _text(rng, 2),
                "answer_type": "substantive",
                "base_version": case.latest_version,
            }
            with CaptureQueriesContext(connection) as captured:
                started, cpu_started = time.perf_counter(), time.process_time()
                response = client.post(
                    f"/answers/cases/{case.pk}/draft/", data, HTTP_HX_REQUEST="true"
                )
                elapsed = (time.perf_counter() - started) * 1000
                cpu = (time.process_time() - cpu_started) * 1000
            assert response.status_code == 200 and b"Saved at" in response.content, response
            if i >= 10:  # the first few warm the caches, as a running service would be
                request_ms.append(elapsed)
                cpu_ms.append(cpu)
                queries.append(len(captured))
        print(f"engine: {engine}")
        print(f"drafting_questions: {args.questions}")
        print(f"drafting_drafts: {args.drafts}")
        print(f"drafting_versions_per_draft: {args.versions}")
        print(f"drafting_generate_s: {generated:.1f}")
        print(f"autosave_request_p95_ms: {_p95(request_ms):.1f}")
        print(f"autosave_request_median_ms: {statistics.median(request_ms):.1f}")
        print(f"autosave_request_cpu_p95_ms: {_p95(cpu_ms):.1f}")
        print(f"autosave_request_queries: {max(queries)}")
    finally:
        cleanup()


if __name__ == "__main__":
    main()
