"""The import benchmark runs end to end at a small size (its figures are for docs/performance.md,
not for tests: this only holds that it still works and checks what it wrote)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.conftest import REPO_ROOT


def test_import_bench_runs_and_prints_its_figures():
    result = subprocess.run(
        [
            sys.executable,
            str(REPO_ROOT / "bench" / "import_bench.py"),
            "--records",
            "1200",
            "--baseline-records",
            "20",
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    figures = dict(line.split(": ", 1) for line in result.stdout.splitlines())
    assert figures["engine"] == "sqlite" and figures["import_records"] == "1200"
    for name in (
        "import_records_per_s",
        "import_speedup_vs_baseline",
        "search_index_records_per_s",
    ):
        assert float(figures[name]) > 0


def test_pages_bench_times_every_page_type():
    result = subprocess.run(
        [
            sys.executable,
            str(REPO_ROOT / "bench" / "pages_bench.py"),
            "--questions",
            "400",
            "--repeat",
            "2",
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    figures = dict(line.split(": ", 1) for line in result.stdout.splitlines() if ": " in line)
    for page in ("list", "list_sort_uin_deep", "question_holding", "search_empty", "imports"):
        assert float(figures[f"page_{page}_p95_ms"]) > 0
        assert int(figures[f"page_{page}_queries"]) > 0
        assert float(figures[f"page_{page}_first_ms"]) > 0
    assert float(figures["pages_worst_p95_ms"]) > 0
    assert float(figures["pages_worst_first_ms"]) > 0


def test_load_bench_runs_the_dockerfiles_server_command_on_loopback():
    sys.path.insert(0, str(REPO_ROOT))
    from bench.load_bench import dockerfile_command, server_command

    command = server_command(8123)
    assert Path(command[0]).name == dockerfile_command()[0]
    bind = command[command.index("--bind") + 1] if "--bind" in command else ""
    assert bind == "127.0.0.1:8123" or "--bind=127.0.0.1:8123" in command


def test_answers_bench_runs_and_prints_its_figures():
    result = subprocess.run(
        [
            sys.executable,
            str(REPO_ROOT / "bench" / "answers_bench.py"),
            *("--questions", "600", "--drafts", "100", "--versions", "3", "--samples", "20"),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    figures = dict(line.split(": ", 1) for line in result.stdout.splitlines() if ": " in line)
    assert figures["answers_questions"] == "600" and figures["answers_draft_versions"] == "300"
    assert figures["autosave_service"] == "drafting.save_version"
    for name in ("autosave_p95_ms", "my_work_p95_ms"):
        assert float(figures[name]) > 0
    assert int(figures["my_work_queries"]) > 0


def test_evidence_bench_runs_and_prints_its_figures():
    result = subprocess.run(
        [
            sys.executable,
            str(REPO_ROOT / "bench" / "evidence_bench.py"),
            "--rows",
            "2000",
            "--runs",
            "5",
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    figures = dict(line.split(": ", 1) for line in result.stdout.splitlines())
    assert figures["engine"] == "sqlite" and int(figures["figure_check_words"]) >= 400
    for name in ("load_evidence_rows_per_s", "figure_check_p95_ms", "figure_check_cpu_p95_ms"):
        assert float(figures[name]) > 0


def test_dashboard_bench_runs_and_prints_its_figures():
    result = subprocess.run(
        [
            sys.executable,
            str(REPO_ROOT / "bench" / "dashboard_bench.py"),
            *("--open", "60", "--answered", "200", "--stats-answered", "300", "--requests", "2"),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    figures = dict(line.split(": ", 1) for line in result.stdout.splitlines())
    assert figures["engine"] == "sqlite" and figures["statistics_answered"] == "300"
    assert 0 < int(figures["dashboard_queries"]) <= 12
    assert 0 < int(figures["dashboard_pq_team_queries"]) <= 12
    for name in (
        "dashboard_p95_ms_sqlite",
        "dashboard_cpu_p95_ms_sqlite",
        "dashboard_pq_team_p95_ms_sqlite",
        "statistics_p95_ms_sqlite",
    ):
        assert float(figures[name]) > 0
