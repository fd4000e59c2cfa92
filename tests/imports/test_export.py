"""export_questions: exactly the agreed keys, ISO dates, and values that agree with Parliament's."""

from __future__ import annotations

import datetime
import io
import json

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from pqtracker.imports import runs
from pqtracker.imports.export import EXPORT_KEYS
from pqtracker.imports.html import html_to_text, sanitise_html
from pqtracker.parliament.models import ImportRun, ImportRunStatus
from tests.factories import MemberFactory, QuestionGroupLinkFactory, answered_question
from tests.imports import support_runs as support

pytestmark = pytest.mark.django_db

KEYS = [
    "id", "uin", "house", "date_tabled", "date_for_answer", "is_named_day", "heading",
    "question_text", "asking_member", "answering_body", "status", "date_answered",
    "answering_member", "is_holding", "date_holding_answer", "is_correction", "date_corrected",
    "answer_html", "answer_text", "grouped_uins", "withdrawn", "on_time_by", "answered_on_time",
]  # fmt: skip


def export(*args: str) -> list[dict]:
    out = io.StringIO()
    call_command("export_questions", "--format", "jsonl", *args, stdout=out)
    return [json.loads(line) for line in out.getvalue().splitlines()]


def day(value: str | None) -> str | None:
    return value[:10] if value else None


def as_parliament_says(value: dict) -> dict:
    """The export row Parliament's own record implies (member names need expandMember)."""
    answered = value.get("answerText") is not None
    return {
        "id": value["id"],
        "uin": value["uin"],
        "house": value["house"],
        "date_tabled": day(value["dateTabled"]),
        "date_for_answer": day(value["dateForAnswer"]),
        "is_named_day": value["isNamedDay"],
        "heading": value["heading"],
        "question_text": value["questionText"].strip(),
        "answering_body": value["answeringBodyName"],
        "date_answered": day(value["dateAnswered"]),
        "is_holding": value["answerIsHolding"] if answered else None,
        "date_holding_answer": day(value["dateHoldingAnswer"]),
        "is_correction": value["answerIsCorrection"] if answered else None,
        "date_corrected": day(value["dateAnswerCorrected"]),
        "answer_html": sanitise_html(value["answerText"]) if answered else None,
        "answer_text": html_to_text(sanitise_html(value["answerText"])) if answered else None,
        "grouped_uins": sorted(value["groupedQuestions"]),
        "withdrawn": value["isWithdrawn"],
    }


def test_export_keys_are_exactly_the_agreed_ones():
    assert list(EXPORT_KEYS) == KEYS


@pytest.mark.shared
def test_export_questions_agrees_with_parliament_after_reimport(fake_parliament, parliament_data):
    snapshots = support.timeline_snapshots(parliament_data)
    values = snapshots[-1][1] + support.file_details(parliament_data, "list_items_dfe_send.json")
    since, until = support.date_range([v for _, vs in snapshots for v in vs] + values)
    with_withdrawn = next(
        vs for _, vs in snapshots if any(v["id"] == support.WITHDRAWN_ID for v in vs)
    )
    for served in (with_withdrawn, values):
        fake_parliament.set_questions(served)
        run = runs.execute_run(
            run_id=runs.start_run(kind=ImportRun.Kind.RANGE, since=since, until=until).pk
        )
        assert run.status == ImportRunStatus.SUCCEEDED, run.error

    rows = {row["id"]: row for row in export()}

    for row in rows.values():
        assert list(row) == KEYS
    for value in values:
        row = rows[value["id"]]
        expected = as_parliament_says(value)
        assert {k: row[k] for k in expected} == expected, value["id"]
    gone = rows[support.WITHDRAWN_ID]
    assert gone["withdrawn"] is True and gone["status"] == "withdrawn"
    assert rows[1725947]["status"] == "corrected"
    assert (
        rows[1740104]["status"] == "answered"
        and rows[1740104]["date_holding_answer"] == "2024-11-12"
    )
    assert rows[1742327]["status"] == "unanswered" and rows[1742327]["heading"] is None


def test_export_questions_names_members_and_dates_in_iso(db):
    minister = MemberFactory(parliament_id=4125, name_display="Catherine McKinnell")
    asker = MemberFactory(parliament_id=4514, name_display="Member 4514")  # not yet known
    question = answered_question(
        parliament_id=1741638,
        uin="14275",
        asking_member=asker,
        is_named_day=True,
        answer__answering_member=minister,
    )
    QuestionGroupLinkFactory(
        question=question, uin="14276", date_tabled=datetime.date(2024, 11, 13)
    )

    (row,) = export()

    assert row["asking_member"] is None
    assert row["answering_member"] == "Catherine McKinnell"
    assert row["answering_body"] == "Department for Education"
    assert row["date_tabled"] == "2024-11-13" and row["date_answered"] == "2024-11-20"
    assert row["is_named_day"] is True and row["grouped_uins"] == ["14276"]
    assert row["is_holding"] is False and row["status"] == "answered"


def test_export_questions_since_filters_tabled_answered_or_corrected(db):
    old = answered_question(
        parliament_id=1,
        date_tabled=datetime.date(2024, 1, 5),
        answer__date_answered=datetime.date(2024, 1, 9),
    )
    answered_late = answered_question(
        parliament_id=2,
        date_tabled=datetime.date(2024, 1, 5),
        answer__date_answered=datetime.date(2024, 3, 1),
    )
    corrected = answered_question(
        parliament_id=3,
        date_tabled=datetime.date(2024, 1, 5),
        answer__date_answered=datetime.date(2024, 1, 9),
        answer__is_correction=True,
        answer__date_corrected=datetime.date(2024, 3, 2),
    )
    tabled_late = answered_question(parliament_id=4, date_tabled=datetime.date(2024, 3, 3))
    assert old and answered_late and corrected and tabled_late

    assert {row["id"] for row in export("--since", "2024-02-01")} == {2, 3, 4}


def test_export_questions_queries_do_not_grow_with_rows(db):
    def count(n: int) -> int:
        for _ in range(n):
            answered_question()
        with CaptureQueriesContext(connection) as captured:
            export()
        return len(captured)

    assert count(3) == count(30)
