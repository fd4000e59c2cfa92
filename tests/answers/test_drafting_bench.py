"""The drafting benchmark runs end to end at a small size (its figures are for make bench, not for
tests: this only holds that it still works)."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import REPO_ROOT


def test_drafting_bench_runs_and_prints_its_figures():
    result = subprocess.run(
        [
            sys.executable,
            str(REPO_ROOT / "bench" / "drafting_bench.py"),
            "--questions",
            "300",
            "--drafts",
            "40",
            "--versions",
            "3",
            "--samples",
            "25",
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    figures = dict(line.split(": ", 1) for line in result.stdout.splitlines())
    assert figures["engine"] == "sqlite" and figures["drafting_drafts"] == "40"
    assert float(figures["autosave_request_p95_ms"]) > 0
    assert 0 < int(figures["autosave_request_queries"]) < 30
