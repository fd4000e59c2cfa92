"""The import benchmark runs end to end at a small size (its figures are for docs/performance.md,
not for tests: this only holds that it still works and checks what it wrote)."""

from __future__ import annotations

import subprocess
import sys

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
