"""Search benchmark: full-text search over generated questions and answers.

    .venv/bin/python bench/search_bench.py [--rows 1000000] [--postgres postgres://user@host/db]

Generates ``--rows`` questions, each with an answer, whose words and sentence lengths come from
the real records in ../shared (a built-in word list when that is absent), into a fresh
throwaway database: a temporary SQLite file, or with ``--postgres`` a new PostgreSQL database
created beside the one named and dropped at the end. Builds the index with the app's own
``rebuild_index``, then runs a fixed mix of searches the way the search page does (count, one
page of results, snippets for that page): 1 to 3 words, phrases, OR and exclusions, with and
without filters, and deep pages. Prints ``name: value`` lines (``make bench`` collects them):

    search_p50_ms_<engine>, search_p95_ms_<engine>   per search, the whole page's queries
    search_speedup_vs_icontains_<engine>             mean icontains scan time / mean search time
                                                     (as timed in the mix), on a sample of it
    search_speedup_vs_icontains_after_scan_<engine>  the same, each search run again straight
                                                     after its scan
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import random
import re
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))

from bench.throwaway_db import setup_database  # noqa: E402

SHARED = (
    Path(os.environ.get("PQTRACKER_SHARED_DIR", REPO_ROOT.parent / "shared"))
    / "data"
    / "parliament"
)

FALLBACK_TEXT = (
    "To ask the Secretary of State for Education, what steps her Department is taking to support "
    "children with special educational needs and disabilities in mainstream schools. How many "
    "education, health and care plans were issued within 20 weeks in each local authority. The "
    "department is investing in high needs funding, teacher training and recruitment, school "
    "buildings, free school meals, apprenticeships, further education colleges, universities and "
    "early years childcare. Local authorities have statutory duties for home to school transport."
)
HEADINGS_FALLBACK = [
    "Special Educational Needs",
    "Schools: Finance",
    "Teachers: Recruitment",
    "Apprentices",
]
BODIES = [
    (60, "Department for Education"),
    (17, "Department of Health and Social Care"),
    (54, "Ministry of Justice"),
    (14, "HM Treasury"),
    (53, "Cabinet Office"),
    (27, "Department for Transport"),
]
SENTENCE_POOL = 50_000
MEMBERS = 1_400


def _strip_html(text: str) -> str:
    return re.sub(r"<[^>]+>", " ", text or "")


def load_corpus() -> tuple[list[str], list[str], list[str]]:
    """(real sentences, real headings, words) from ../shared, or the built-in text."""
    texts, headings = [], []
    api = SHARED / "questions-api"
    if api.is_dir():
        for path in api.glob("*.json"):
            data = json.loads(path.read_text())
            items = (
                data.get("results", []) if isinstance(data, dict) and "results" in data else data
            )
            if isinstance(data, dict) and "results" not in data:
                for entry in data.values():
                    if isinstance(entry, dict):
                        texts += [
                            entry.get("question_text") or "",
                            _strip_html(entry.get("answer_text") or ""),
                        ]
                continue
            for item in items if isinstance(items, list) else []:
                value = item.get("value", item) if isinstance(item, dict) else {}
                texts.append(value.get("questionText") or "")
                texts.append(_strip_html(value.get("answerText") or ""))
                if value.get("heading"):
                    headings.append(value["heading"])
    if not texts:
        texts, headings = [FALLBACK_TEXT], HEADINGS_FALLBACK
    sentences = [
        s.strip() for t in texts for s in re.split(r"(?<=[.;?])\s+", t) if len(s.split()) >= 5
    ]
    words = re.findall(r"[A-Za-z]{3,}", " ".join(texts))
    return sentences, sorted(set(headings)) or HEADINGS_FALLBACK, words


SYLLABLES = [
    "ash",
    "bury",
    "ford",
    "ham",
    "ley",
    "ton",
    "wick",
    "stow",
    "mere",
    "dale",
    "by",
    "cot",
    "field",
    "worth",
    "mouth",
    "bridge",
    "den",
    "hurst",
    "well",
    "wood",
    "pen",
]
TAIL_WORDS = 100_000


def tail_vocabulary(rng: random.Random) -> list[str]:
    """Made-up rare words (place, school and programme names): the long tail a real corpus of a
    million questions has and a few hundred samples do not. Earlier ones are used more often."""
    words: set[str] = set()  # 21**3 + 21**4 + 21**5 possible: plenty for TAIL_WORDS
    while len(words) < TAIL_WORDS:
        words.add("".join(rng.choices(SYLLABLES, k=rng.randint(3, 5))).capitalize())
    return sorted(words, key=lambda w: rng.random())


def sentence_pool(
    sentences: list[str], words: list[str], tail: list[str], rng: random.Random
) -> list[str]:
    """Real sentences plus recombinations: real word frequencies and sentence lengths, with one
    word in ten from the Zipf-like tail (so the index has a realistic vocabulary)."""
    lengths = [len(s.split()) for s in sentences]
    pool = list(sentences)
    while len(pool) < SENTENCE_POOL:
        chosen = rng.choices(words, k=rng.choice(lengths))
        for i in range(len(chosen)):
            if rng.random() < 0.1:
                chosen[i] = tail[int(len(tail) * rng.random() ** 3)]
        pool.append(" ".join(chosen).capitalize() + ".")
    return pool


def _insert_rows(model, rows: list[dict], constants: dict) -> None:  # type: ignore[no-untyped-def]
    """Raw multi-row INSERTs: every concrete column, generated values over model defaults."""
    from django.db import connection

    # Generated columns (WrittenQuestion.due_order) are computed by the database.
    fields = [f for f in model._meta.concrete_fields if not f.generated]
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    placeholders = "(" + ", ".join(["%s"] * len(fields)) + ")"
    prepared_constants = {
        f.attname: f.get_db_prep_save(constants.get(f.attname), connection) for f in fields
    }
    if connection.vendor == "postgresql":
        table = connection.ops.quote_name(model._meta.db_table)
        with (
            connection.cursor() as cursor,
            cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy,
        ):
            for row in rows:
                copy.write_row(
                    [
                        row[f.attname] if f.attname in row else prepared_constants[f.attname]
                        for f in fields
                    ]
                )
        return
    batch = max(1, min(500, 30_000 // len(fields)))
    with connection.cursor() as cursor:
        for start in range(0, len(rows), batch):
            chunk = rows[start : start + batch]
            params: list[object] = []
            for row in chunk:
                params += [
                    row[f.attname] if f.attname in row else prepared_constants[f.attname]
                    for f in fields
                ]
            table = connection.ops.quote_name(model._meta.db_table)
            cursor.execute(
                f"INSERT INTO {table} ({columns}) VALUES {', '.join([placeholders] * len(chunk))}",  # noqa: S608
                params,
            )


def generate(rows: int, rng: random.Random) -> list[str]:
    """Fill the database; returns the generated vocabulary's mid-frequency words (for queries)."""
    from django.db import transaction
    from django.utils import timezone

    from pqtracker.parliament.models import Answer, AnsweringBody, Member, WrittenQuestion

    sentences, headings, words = load_corpus()
    tail = tail_vocabulary(rng)
    pool = sentence_pool(sentences, words, tail, rng)
    now = timezone.now()
    Member.objects.bulk_create(
        Member(
            parliament_id=1000 + i,
            name_display=f"Member {i}",
            house="Lords" if i % 3 == 0 else "Commons",
        )
        for i in range(MEMBERS)
    )
    AnsweringBody.objects.bulk_create(
        AnsweringBody(parliament_id=pid, name=name) for pid, name in BODIES
    )
    member_ids = list(Member.objects.values_list("id", flat=True))
    body_ids = list(AnsweringBody.objects.values_list("id", flat=True))
    q_constants = {f.attname: f.get_default() for f in WrittenQuestion._meta.concrete_fields}
    q_constants.update(
        first_seen_at=now,
        updated_at=now,
        source="api",
        member_has_interest=False,
        is_withdrawn=False,
    )
    a_constants = {f.attname: f.get_default() for f in Answer._meta.concrete_fields}
    a_constants.update(
        recorded_at=now, is_current=True, is_holding=False, is_correction=False, superseded_at=None
    )
    start_day = datetime.date(2014, 5, 1)
    span = (datetime.date(2026, 7, 1) - start_day).days
    chunk = 50_000
    for offset in range(0, rows, chunk):
        questions, answers = [], []
        for i in range(offset, min(rows, offset + chunk)):
            pk = i + 1
            tabled = start_day + datetime.timedelta(days=span * i // rows)
            answered = tabled + datetime.timedelta(days=rng.randint(2, 20))
            house = "Lords" if i % 7 == 0 else "Commons"
            minister = rng.choice(member_ids[:80])
            questions.append(
                {
                    "id": pk,
                    "parliament_id": 1_000_000 + pk,
                    "uin": f"HL{i % 9999}" if house == "Lords" else str(i % 99_999),
                    "house": house,
                    "session": "",
                    "date_tabled": tabled,
                    "date_for_answer": tabled + datetime.timedelta(days=5),
                    "is_named_day": i % 11 == 0,
                    "heading": rng.choice(headings)[:255],
                    "question_text": "To ask the Secretary of State, "
                    + " ".join(rng.choices(pool, k=rng.randint(1, 3))),
                    "asking_member_id": rng.choice(member_ids),
                    "answering_body_id": rng.choice(body_ids),
                    "status": "answered",
                    "date_answered": answered,
                    "answering_member_id": minister,
                }
            )
            text = " ".join(rng.choices(pool, k=rng.randint(2, 7)))
            answers.append(
                {
                    "id": pk,
                    "question_id": pk,
                    "answer_html": "",
                    "answer_text": text,
                    "answering_member_id": minister,
                    "date_answered": answered,
                }
            )
        with transaction.atomic():
            _insert_rows(WrittenQuestion, questions, q_constants)
            _insert_rows(Answer, answers, a_constants)
    from pqtracker.search.query import STOP_WORDS

    counts = Counter(w.lower() for w in words)
    ranked = [w for w, _ in counts.most_common() if len(w) > 4 and w not in STOP_WORDS]
    # What people search for: topic words of every frequency, from very common to rare names.
    return (ranked[20:400] or ranked) + [w.lower() for w in tail[:20_000:50]]


def query_mix(vocabulary: list[str], rng: random.Random, n: int) -> list[dict]:
    """A fixed mix: words, phrases, OR, exclusions, filters and deep pages."""
    from pqtracker.search.query import parse

    mix = []
    for i in range(n):
        kind = i % 8
        picks = rng.sample(vocabulary, 3)
        text = {
            0: picks[0],
            1: f"{picks[0]} {picks[1]}",
            2: f"{picks[0]} {picks[1]} {picks[2]}",
            3: f'"{picks[0]} {picks[1]}"',
            4: f"{picks[0]} OR {picks[1]}",
            5: f"{picks[0]} -{picks[1]}",
            6: f"{picks[0]} {picks[1]}",
            7: picks[0],
        }[kind]
        filters: dict = {}
        if kind in (6, 7):
            filters = {
                "house": "Commons",
                "tabled_from": datetime.date(2019, 1, 1),
                "statuses": ("answered",),
            }
        page = 40 if i % 10 == 9 else 1
        mix.append({"text": text, "query": parse(text), "filters": filters, "page": page})
    return mix


def run_search(item: dict) -> int:
    """What the search page does for one request: count, one page, that page's snippets."""
    from django.conf import settings
    from django.core.paginator import Paginator

    from pqtracker.search.services import Criteria, search, snippets_for

    criteria = Criteria(query=item["query"], sort="relevance", **item["filters"])
    found = search(criteria)
    paginator = Paginator(found.questions, settings.QUESTIONS_PAGE_SIZE)
    paginator.count = found.count  # as the view does: counted once, by search()
    page = paginator.get_page(item["page"])
    results = list(page.object_list)
    snippets_for(results, item["query"])
    return found.count


def run_scan(item: dict) -> int:
    """The same search done the naive way: icontains over question and answer text."""
    from django.db.models import Q

    from pqtracker.parliament.models import WrittenQuestion

    condition = Q()
    for clause in item["query"].positive:
        alternatives = Q()
        for term in clause.alternatives:
            phrase = term.text
            alternatives |= Q(question_text__icontains=phrase) | Q(
                answers__answer_text__icontains=phrase
            )
        condition &= alternatives
    questions = WrittenQuestion.objects.filter(
        condition, **_scan_filters(item["filters"])
    ).distinct()
    list(questions.order_by("-date_tabled")[:25])
    return questions.count()


def _scan_filters(filters: dict) -> dict:
    mapping = {"house": "house", "tabled_from": "date_tabled__gte", "statuses": "status__in"}
    return {mapping[k]: v for k, v in filters.items()}


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument(
        "--scan-sample", type=int, default=8, help="searches also timed as an icontains scan"
    )
    parser.add_argument(
        "--postgres", metavar="URL", help="a PostgreSQL URL; a fresh database is made beside it"
    )
    parser.add_argument(
        "--verbose", action="store_true", help="also print the ten slowest searches"
    )
    args = parser.parse_args()

    engine, cleanup = setup_database(args.postgres, prefix="pq_search_bench")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pqtracker.settings")
    os.environ["LOG_LEVEL"] = "WARNING"
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection

    settings.DEBUG = False
    rng = random.Random(20211209)
    try:
        call_command("migrate", verbosity=0)
        started = time.perf_counter()
        vocabulary = generate(args.rows, rng)
        generated = time.perf_counter() - started
        from pqtracker.search.index import rebuild_index

        started = time.perf_counter()
        rebuild_index(batch_size=50_000)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE")
        else:
            with connection.cursor() as cursor:
                cursor.execute(
                    "INSERT INTO search_questionfts(search_questionfts) VALUES ('optimize')"
                )
                cursor.execute("ANALYZE")
        indexed = time.perf_counter() - started

        mix = query_mix(vocabulary, rng, args.queries)
        for item in mix[:10]:  # warm the caches, as a running service would be
            run_search(item)
        timings, slowest = [], []
        for item in mix:
            started = time.perf_counter()
            count = run_search(item)
            timings.append((time.perf_counter() - started) * 1000)
            slowest.append((timings[-1], item["text"], item["filters"], item["page"], count))
        step = max(1, len(mix) // args.scan_sample)
        sampled = list(range(0, len(mix), step))[: args.scan_sample]
        scan_ms, after_scan_ms = [], []
        for index in sampled:
            started = time.perf_counter()
            run_scan(mix[index])
            scan_ms.append((time.perf_counter() - started) * 1000)
            # The same search again straight after the scan, which has churned the caches.
            started = time.perf_counter()
            run_search(mix[index])
            after_scan_ms.append((time.perf_counter() - started) * 1000)
        # The ratio compares each scan with the same search as the mix timed it (a running
        # service's caches); the figure after a scan is printed beside it.
        search_ms = [timings[index] for index in sampled]

        timings.sort()
        if args.verbose:
            for ms, text, filters, page, count in sorted(slowest, key=lambda x: x[0])[-10:]:
                shown = f"{text!r} filters={bool(filters)} page={page} matches={count}"
                print(f"# {ms:7.1f} ms  {shown}")
        p95 = timings[min(len(timings) - 1, int(round(0.95 * len(timings))) - 1)]
        print(f"engine: {engine}")
        print(f"search_rows: {args.rows}")
        print(f"search_generate_s_{engine}: {generated:.1f}")
        print(f"search_index_build_s_{engine}: {indexed:.1f}")
        print(f"search_queries: {len(timings)}")
        print(f"search_p50_ms_{engine}: {statistics.median(timings):.1f}")
        print(f"search_p95_ms_{engine}: {p95:.1f}")
        print(f"search_max_ms_{engine}: {timings[-1]:.1f}")
        print(f"search_icontains_mean_ms_{engine}: {statistics.mean(scan_ms):.1f}")
        print(
            f"search_speedup_vs_icontains_{engine}: "
            f"{statistics.mean(scan_ms) / statistics.mean(search_ms):.0f}"
        )
        print(
            f"search_speedup_vs_icontains_after_scan_{engine}: "
            f"{statistics.mean(scan_ms) / statistics.mean(after_scan_ms):.0f}"
        )
    finally:
        cleanup()  # type: ignore[operator]


if __name__ == "__main__":
    main()
