"""Import benchmark: parse + upsert of generated records in the Written Questions API's shape.

    .venv/bin/python bench/import_bench.py [--records 100000] [--postgres postgres://user@host/db]

Uses a fresh throwaway database: a temporary SQLite file, or with ``--postgres`` a new
PostgreSQL database created next to the one named in the URL and dropped at the end. Prints
``name: value`` lines (``make bench`` collects them):

    import_records_per_s             the batch path (batch.upsert_questions with the listing
                                     fingerprints), one call and one transaction per
                                     IMPORT_WRITE_BATCH records (API pages of 100 gathered), as the
                                     importer writes them
    import_baseline_records_per_s    the naive path: one upsert_question (and its saves) per record
    import_speedup_vs_baseline
    search_index_records_per_s       the index worker (search.index.index_pending) catching up on
                                     what the batch path queued, timed apart (ADR 3)
"""

from __future__ import annotations

import argparse
import datetime
import os
import random
import sys
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))

from bench.throwaway_db import setup_database  # noqa: E402

BODIES = [
    (60, "Department for Education"),
    (17, "Department of Health and Social Care"),
    (54, "Ministry of Justice"),
    (14, "HM Treasury"),
    (13, "Department for Environment, Food and Rural Affairs"),
    (53, "Cabinet Office"),
    (1, "Home Office"),
    (208, "Foreign, Commonwealth and Development Office"),
    (9, "Church Commissioners"),
    (202, "Department for Work and Pensions"),
    (7, "Ministry of Defence"),
    (27, "Department for Transport"),
]
HEADINGS = [
    "Special Educational Needs",
    "Schools: Finance",
    "Teachers: Recruitment",
    "Mental Health Services: Children",
    "Prisons: Staff",
    "Nature Conservation: Crime",
    "Free School Meals",
    "Apprentices",
    "Universities: Admissions",
    "NHS: Waiting Lists",
]
_WORD_TEXT = (
    "education health care plans pupils schools funding local authorities assessment support "
    "children families teachers training recruitment retention buildings safety inspection "
    "attainment disadvantaged apprenticeships skills further higher students"
)
WORDS = _WORD_TEXT.split()
HOLDING = (
    "The department has indicated that it will not be possible to answer this question within "
    "the usual time period. An answer is being prepared and will be provided as soon as it is "
    "available."
)


def _day(d: datetime.date | None) -> str | None:
    return f"{d.isoformat()}T00:00:00" if d else None


def _sentence(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n))


def generate(n: int, *, start_id: int = 1_600_000, seed: int = 20241113) -> list[dict]:
    """``n`` QuestionsViewModel values as /questions/{id} returns them (full text, HTML answers)."""
    rng = random.Random(seed)
    first = datetime.date(2024, 7, 17)
    values = []
    for i in range(n):
        pid = start_id + i
        house = "Lords" if rng.random() < 0.15 else "Commons"
        tabled = first + datetime.timedelta(days=rng.randrange(0, 600))
        named = rng.random() < 0.25
        body_id, body_name = rng.choice(BODIES)
        # UINs run on across pages, as within a session (they are reused only across sessions).
        uin = f"HL{pid % 1_000_000}" if house == "Lords" else str(pid % 1_000_000)
        value = {
            "id": pid,
            "askingMemberId": 4000 + rng.randrange(650),
            "askingMember": None,
            "house": house,
            "memberHasInterest": rng.random() < 0.05,
            "dateTabled": _day(tabled),
            "dateForAnswer": _day(tabled + datetime.timedelta(days=rng.choice((2, 4, 5, 7)))),
            "uin": uin,
            "questionText": "To ask the Secretary of State, "
            + _sentence(rng, rng.randrange(20, 90))
            + ".",
            "answeringBodyId": body_id,
            "answeringBodyName": body_name,
            "isWithdrawn": False,
            "isNamedDay": named,
            "groupedQuestions": [],
            "groupedQuestionsDates": [],
            "answerIsHolding": None,
            "answerIsCorrection": None,
            "answeringMemberId": None,
            "answeringMember": None,
            "correctingMemberId": None,
            "correctingMember": None,
            "dateAnswered": None,
            "answerText": None,
            "originalAnswerText": "",
            "comparableAnswerText": "",
            "dateAnswerCorrected": None,
            "dateHoldingAnswer": None,
            "attachmentCount": 0,
            "heading": rng.choice(HEADINGS) if rng.random() < 0.8 else None,
            "attachments": [],
        }
        if i and rng.random() < 0.1:  # grouped with the question before it
            previous = values[-1]
            value["groupedQuestions"] = [previous["uin"]]
            value["groupedQuestionsDates"] = [
                {"questionUin": previous["uin"], "dateTabled": previous["dateTabled"]}
            ]
        roll = rng.random()
        if roll < 0.7:
            answered = tabled + datetime.timedelta(days=rng.randrange(3, 30))
            value.update(
                answerIsHolding=False,
                answerIsCorrection=False,
                answeringMemberId=4100 + rng.randrange(40),
                dateAnswered=_day(answered),
                answerText="".join(
                    f"<p>{_sentence(rng, rng.randrange(15, 60))}.</p>"
                    for _ in range(rng.randrange(1, 4))
                )
                + (
                    '<p>See <a href="https://www.gov.uk/government/statistics" target="_blank">'
                    "the statistics</a>.</p>"
                    if rng.random() < 0.3
                    else ""
                ),
            )
            if rng.random() < 0.05:
                value.update(dateHoldingAnswer=_day(answered - datetime.timedelta(days=2)))
            if rng.random() < 0.01:
                value.update(
                    answerIsCorrection=True,
                    correctingMemberId=value["answeringMemberId"],
                    dateAnswerCorrected=_day(answered + datetime.timedelta(days=10)),
                )
        elif roll < 0.75:
            holding = tabled + datetime.timedelta(days=5)
            value.update(
                answerIsHolding=True,
                answerIsCorrection=False,
                answeringMemberId=4100 + rng.randrange(40),
                dateAnswered=_day(holding),
                dateHoldingAnswer=_day(holding),
                answerText=f"<p>{HOLDING}</p>",
            )
        values.append(value)
    return values


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--baseline-records", type=int, default=2_000)
    parser.add_argument(
        "--page",
        type=int,
        help="records per upsert_questions call (default: the importer's IMPORT_WRITE_BATCH)",
    )
    parser.add_argument(
        "--postgres", metavar="URL", help="a PostgreSQL URL; a fresh database is made beside it"
    )
    args = parser.parse_args()

    engine, cleanup = setup_database(args.postgres, prefix="pq_bench")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pqtracker.settings")
    os.environ["LOG_LEVEL"] = "WARNING"
    import django

    django.setup()
    from django.conf import settings

    # DEBUG (the embedded default) makes Django keep every query's SQL: not what production does.
    settings.DEBUG = False
    from django.core.management import call_command
    from django.db import transaction

    from pqtracker.imports.client import PAGE_SIZE
    from pqtracker.imports.parsing import preview_fingerprint, question_record_from_api
    from pqtracker.parliament import batch, services
    from pqtracker.parliament.models import Answer, QuestionChange, WrittenQuestion
    from pqtracker.search.index import index_pending
    from pqtracker.search.models import PendingIndex

    # The importer gathers API pages of PAGE_SIZE into one write of IMPORT_WRITE_BATCH records;
    # the benchmark times the same unit.
    batch_size = args.page or settings.IMPORT_WRITE_BATCH
    try:
        call_command("migrate", verbosity=0)
        baseline_values = generate(args.baseline_records, start_id=9_000_000, seed=7)
        # Pages are generated as they are imported (as the API hands them over), and only the
        # parse and the write are timed.
        elapsed = cpu = parse_elapsed = 0.0
        for offset in range(0, args.records, batch_size):
            size = min(batch_size, args.records - offset)
            pages = [
                generate(
                    min(PAGE_SIZE, size - start),
                    start_id=1_600_000 + offset + start,
                    seed=offset + start,
                )
                for start in range(0, size, PAGE_SIZE)
            ]
            started, cpu_started = time.perf_counter(), time.process_time()
            records, fingerprints = [], {}
            for page in pages:
                for value in page:
                    records.append(question_record_from_api(value, full_text=True))
                    fingerprints[value["id"]] = preview_fingerprint(value)
            parsed = time.perf_counter()
            batch.upsert_questions(
                records=records, source=QuestionChange.Source.API, fingerprints=fingerprints
            )
            elapsed += time.perf_counter() - started
            parse_elapsed += parsed - started
            cpu += time.process_time() - cpu_started
        rate = args.records / elapsed
        # Batches of 500 leave their questions to the index worker; it runs on its own.
        queued = PendingIndex.objects.count()
        started = time.perf_counter()
        indexed = index_pending()
        index_elapsed = time.perf_counter() - started
        assert queued == indexed == args.records, "every record queued and indexed once"

        # Like for like: the naive path queues its record for the index worker too (a write of
        # one question would otherwise index it in its own transaction).
        settings.SEARCH_INDEX_INLINE_MAX = 0
        started = time.perf_counter()
        for value in baseline_values:
            with transaction.atomic():
                services.upsert_question(record=question_record_from_api(value, full_text=True))
        baseline_elapsed = time.perf_counter() - started
        assert index_pending() == len(baseline_values)
        baseline_rate = len(baseline_values) / baseline_elapsed

        expected = args.records + len(baseline_values)
        assert WrittenQuestion.objects.count() == expected, "every record written once"
        answers = Answer.objects.count()
        print(f"engine: {engine}")
        print(f"import_records: {args.records}")
        print(f"import_records_per_transaction: {batch_size}")
        print(f"import_answers_written: {answers}")
        print(f"import_seconds: {elapsed:.2f}")
        print(f"import_records_per_s: {rate:.0f}")
        # This process's CPU time only: on a shared machine the wall clock also counts waiting.
        print(f"import_records_per_cpu_s: {args.records / cpu:.0f}")
        # The two halves: parsing (imports.parsing, HTML clean-up) and the batch write.
        print(f"import_parse_only_records_per_s: {args.records / parse_elapsed:.0f}")
        print(f"import_write_only_records_per_s: {args.records / (elapsed - parse_elapsed):.0f}")
        print(f"import_baseline_records: {len(baseline_values)}")
        print(f"import_baseline_records_per_s: {baseline_rate:.0f}")
        print(f"import_speedup_vs_baseline: {rate / baseline_rate:.1f}")
        print(f"search_index_seconds: {index_elapsed:.2f}")
        print(f"search_index_records_per_s: {indexed / index_elapsed:.0f}")
    finally:
        cleanup()


if __name__ == "__main__":
    main()
