"""Evidence benchmark: loading statistics files, and the figure check on a long draft.

    .venv/bin/python bench/evidence_bench.py [--rows 20000] [--runs 200] [--postgres URL]

Uses a fresh throwaway database (bench/throwaway_db.py): a temporary SQLite file, or with
``--postgres`` a new PostgreSQL database created next to the one named and dropped at the end.
The EES file is generated (local authorities x years x indicators, as a real release is shaped),
so the benchmark needs nothing from ../shared. Prints ``name: value`` lines:

    load_evidence_rows_per_s    figures written per second by services.load_path (read, parse,
                                insert, revision pass, audit), first load of a new file
    load_evidence_reload_s      the same file again (unchanged: nothing written)
    figure_check_p95_ms         lookup of 12 cited figures by reference plus the check of a
                                400-word draft against them (what the check endpoint does)
    *_cpu_*                     the same in this process's CPU time, steadier on a busy machine
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))

from bench.throwaway_db import setup_database  # noqa: E402

INDICATORS = 20
HEADER = (
    "time_period,time_identifier,geographic_level,country_code,country_name,region_code,"
    "region_name,new_la_code,old_la_code,la_name,breakdown_topic,breakdown,"
    + ",".join(f"measure_{i}" + ("_pc" if i % 4 == 0 else "") for i in range(INDICATORS))
)

SENTENCES = [
    "High needs funding rose by £1.6 billion, or 26%, between 2019-20 and 2021-22.",
    "There were 473,300 children and young people with an EHC plan in January 2022.",
    "By January 2025 that had risen to 638,745, an increase of more than a third.",
    "Around half of new plans were issued within 20 weeks in 2023.",
    "The department is investing £2.6 billion in high needs capital over the next four years.",
    "Allocations will reach £10.5 billion in 2024-25, an increase of over 60% since 2019-20.",
]


def write_ees(path: Path, rows: int, rng: random.Random) -> int:
    """An EES-shaped CSV with about ``rows`` figures; returns the exact number of figures."""
    las = max(1, rows // (INDICATORS * 10))
    lines = [HEADER]
    figures = 0
    for year in range(2015, 2025):
        for la in range(las):
            values = []
            for i in range(INDICATORS):
                if rng.random() < 0.03:
                    values.append(rng.choice(["z", "x", "c"]))
                elif i % 4 == 0:
                    values.append(f"{rng.uniform(0, 100):.1f}")
                else:
                    values.append(str(rng.randint(0, 50000)))
                figures += 1
            lines.append(
                f"{year},Calendar year,Local authority,E92000001,England,E12000001,North East,"
                f"E{6000000 + la:08d},{100 + la},Authority {la},All,All," + ",".join(values)
            )
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return figures


def draft_text(words: int, rng: random.Random) -> str:
    text: list[str] = []
    while len(" ".join(text).split()) < words:
        text.append(rng.choice(SENTENCES))
    return " ".join(text)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rows", type=int, default=100_000, help="figures in the generated file")
    parser.add_argument("--runs", type=int, default=200, help="figure checks timed")
    parser.add_argument("--postgres", help="a PostgreSQL URL (a throwaway database beside it)")
    args = parser.parse_args()
    engine, cleanup = setup_database(args.postgres, prefix="evidence_bench")
    try:
        import os

        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pqtracker.settings")
        import django

        django.setup()
        from django.core.management import call_command

        from pqtracker.evidence import demo, lookup, services
        from pqtracker.evidence.models import Figure

        call_command("migrate", verbosity=0)
        rng = random.Random(18)
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "generated_release.csv"
            figures = write_ees(path, args.rows, rng)
            started, cpu_started = time.perf_counter(), time.process_time()
            report = services.load_path(path=path)
            elapsed = time.perf_counter() - started
            cpu = time.process_time() - cpu_started
            assert report.created == figures, (report.created, figures)
            started = time.perf_counter()
            again = services.load_path(path=path)
            reload_elapsed = time.perf_counter() - started
            assert again.created == again.updated == 0

        demo.seed()
        references = list(
            Figure.objects.filter(dataset__slug="demo-evidence")
            .order_by("reference")
            .values_list("reference", flat=True)[:12]
        )
        assert len(references) == 12, references
        text = draft_text(400, rng)
        timings, cpu_timings = [], []
        for _ in range(args.runs):
            started, cpu_started = time.perf_counter(), time.process_time()
            figures_found, missing = lookup.figures_by_reference(references)
            result = lookup.check(text, figures_found)
            timings.append((time.perf_counter() - started) * 1000)
            cpu_timings.append((time.process_time() - cpu_started) * 1000)
            assert not missing and result.numbers
        timings.sort()
        cpu_timings.sort()
        p95 = timings[int(len(timings) * 0.95) - 1]
        print(f"engine: {engine}")
        print(f"load_evidence_rows: {figures}")
        print(f"load_evidence_seconds: {elapsed:.2f}")
        print(f"load_evidence_rows_per_s: {figures / elapsed:.0f}")
        # This process's CPU time (on PostgreSQL, not the server's): steadier on a shared machine.
        print(f"load_evidence_rows_per_cpu_s: {figures / cpu:.0f}")
        print(f"load_evidence_reload_s: {reload_elapsed:.2f}")
        print(f"figure_check_words: {len(text.split())}")
        print(f"figure_check_numbers: {len(result.numbers)}")
        print(f"figure_check_median_ms: {statistics.median(timings):.2f}")
        print(f"figure_check_p95_ms: {p95:.2f}")
        print(f"figure_check_cpu_p95_ms: {cpu_timings[int(len(cpu_timings) * 0.95) - 1]:.2f}")
    finally:
        cleanup()


if __name__ == "__main__":
    main()
