"""``import_questions`` and ``export_questions`` from the command line: output and exit codes."""

from __future__ import annotations

import json

import pytest
from django.core.management import CommandError, call_command, execute_from_command_line

from pqtracker.imports import runs
from pqtracker.parliament.models import ImportRun, ImportRunStatus, WrittenQuestion
from pqtracker.search.models import PendingIndex
from pqtracker.search.query import parse
from pqtracker.search.services import Criteria, search_questions
from tests.imports import support_runs as support

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _keep_test_connection(monkeypatch):  # type: ignore[no-untyped-def]
    # run_from_argv closes every connection when it ends, which would close the test database.
    from django.core.management import base

    monkeypatch.setattr(base.connections, "close_all", lambda: None)


def run_cli(*args: str) -> int:
    try:
        execute_from_command_line(["manage.py", *args])
    except SystemExit as exit_:
        return int(exit_.code or 0)
    return 0


@pytest.mark.shared
def test_import_questions_range_imports_with_progress_on_stderr(
    fake_parliament, parliament_data, capsys
):
    fake_parliament.set_questions(support.slice_details(parliament_data))

    code = run_cli("import_questions", "--since", "2024-11-11", "--until", "2024-11-13")

    out, err = capsys.readouterr()
    assert code == 0
    assert "50 new" in out and "succeeded" in out
    assert "Import" in err and "item" in err  # the tqdm bar
    run = ImportRun.objects.get()
    assert run.kind == ImportRun.Kind.RANGE
    assert (run.since.isoformat(), run.until.isoformat()) == ("2024-11-11", "2024-11-13")
    assert WrittenQuestion.objects.count() == 50
    days = {
        r.split("tabledWhenFrom=")[1][:10]
        for r in fake_parliament.requests
        if "tabledWhenFrom=" in r
    }
    assert days == {"2024-11-11", "2024-11-12", "2024-11-13"}  # day by day


@pytest.mark.shared
def test_import_questions_leaves_what_it_imported_searchable(
    fake_parliament, parliament_data, settings, capsys
):
    settings.SEARCH_INDEX_INLINE_MAX = 0  # every batch is left to the index worker
    fake_parliament.set_questions(support.slice_details(parliament_data))

    assert run_cli("import_questions", "--since", "2024-11-11", "--until", "2024-11-13") == 0

    out, _ = capsys.readouterr()
    assert "Indexed 50 questions for search." in out
    assert not PendingIndex.objects.exists()
    assert search_questions(Criteria(query=parse("school"))).exists()


def test_import_questions_without_dates_is_the_incremental_run(fake_parliament, settings, capsys):
    settings.IMPORT_FIRST_RUN_DAYS = 0
    assert run_cli("import_questions") == 0
    assert ImportRun.objects.get().kind == ImportRun.Kind.INCREMENTAL


def test_import_questions_unreachable_api_exits_nonzero_with_one_line(
    fake_parliament, settings, capsys
):
    settings.PARLIAMENT_QUESTIONS_API_URL = "http://127.0.0.1:9"
    settings.PARLIAMENT_API_RETRIES = 0

    code = run_cli("import_questions", "--since", "2024-11-11", "--until", "2024-11-11")

    _, err = capsys.readouterr()
    assert code == 1
    assert "Traceback" not in err
    reason = [line for line in err.splitlines() if line.startswith("CommandError")]
    assert len(reason) == 1 and "did not answer properly" in reason[0]
    assert ImportRun.objects.get().status == ImportRunStatus.FAILED


@pytest.mark.parametrize(
    "args",
    [
        ["--since", "11/11/2024"],
        ["--since", "2024-02-30"],
        ["--until", "2024-11-11"],
        ["--since", "2024-11-12", "--until", "2024-11-11"],
    ],
)
def test_import_questions_bad_dates_raise_command_error(db, args):
    with pytest.raises(CommandError):
        call_command("import_questions", *args)
    assert not ImportRun.objects.exists()


def test_import_questions_refuses_while_an_import_is_active(fake_parliament):
    active = runs.start_run(kind=ImportRun.Kind.INCREMENTAL)
    with pytest.raises(CommandError, match=f"Import {active.pk} is already queued"):
        call_command("import_questions", "--since", "2024-11-11")
    assert fake_parliament.requests == []


def test_export_questions_bad_since_raises_command_error(db):
    with pytest.raises(CommandError):
        call_command("export_questions", "--format", "jsonl", "--since", "yesterday")


def test_export_questions_writes_jsonl_to_stdout(db, capsys):
    from tests.factories import answered_question

    answered_question(parliament_id=123, uin="5524")
    assert run_cli("export_questions", "--format", "jsonl") == 0
    out, _ = capsys.readouterr()
    rows = [json.loads(line) for line in out.splitlines()]
    assert [row["id"] for row in rows] == [123]
