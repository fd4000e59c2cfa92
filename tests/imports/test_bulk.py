"""The batch write path gives exactly the single path's results, in far fewer queries."""

from __future__ import annotations

import dataclasses
import datetime
import gc

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from pqtracker.imports.parsing import question_record_from_api
from pqtracker.parliament import services
from pqtracker.parliament.batch import upsert_questions
from pqtracker.parliament.models import (
    AnsweringBody,
    ImportRun,
    Member,
    QuestionChange,
    WrittenQuestion,
)
from pqtracker.parliament.planner_stats import analyze_grown_tables
from pqtracker.parliament.records import AnswerRecord, AttachmentRecord, MemberRef, QuestionRecord
from pqtracker.parliament.signals import questions_written
from tests.imports import support_runs as support

pytestmark = pytest.mark.django_db


def snapshot_records(parliament_data) -> list[list[QuestionRecord]]:  # type: ignore[no-untyped-def]
    """Each recorded day's records, plus the grouped and named-day files on the first day."""
    batches = [
        [question_record_from_api(v, full_text=True) for v in values]
        for _, values in support.timeline_snapshots(parliament_data)
    ]
    extra = support.file_details(parliament_data, "list_items_dfe_send.json")
    extra += support.file_details(parliament_data, "list_items_other_states.json")
    batches[0] = [question_record_from_api(v, full_text=True) for v in extra] + batches[0]
    return batches


def wipe() -> None:
    WrittenQuestion.objects.all().delete()
    Member.objects.all().delete()
    AnsweringBody.objects.all().delete()


@pytest.mark.shared
def test_upsert_questions_equals_single_path_on_timelines(parliament_data):
    batches = snapshot_records(parliament_data)
    run = ImportRun.objects.create(kind=ImportRun.Kind.RANGE)

    single_outcomes = [
        [
            (r.outcome, r.changed_fields)
            for r in (services.upsert_question(record=rec, import_run=run) for rec in batch)
        ]
        for batch in batches
    ]
    single = support.dump_state()
    wipe()
    batch_outcomes = [
        [(r.outcome, r.changed_fields) for r in upsert_questions(records=batch, import_run=run)]
        for batch in batches
    ]
    batched = support.dump_state()

    assert batch_outcomes == single_outcomes
    assert batched == single
    # The comparison has teeth: the timelines did change things.
    assert {c[1] for c in single["changes"]} >= {
        "heading",
        "answering_body",
        "date_tabled",
        "answer.is_correction",
        "answer.is_holding",
    }
    assert len(single["answers"]) > len(single["questions"]) / 2


def _record(parliament_id: int, **changes) -> QuestionRecord:  # type: ignore[no-untyped-def]
    base = QuestionRecord(
        parliament_id=parliament_id,
        uin=str(parliament_id % 100_000),
        house="Commons",
        date_tabled=datetime.date(2024, 11, 13),
        question_text="To ask the Secretary of State for Education, what plans she has for SEND.",
        asking_member=MemberRef(4514, "Ian Sollom"),
        answering_body=services.BodyRef(60, "Department for Education"),
    )
    return dataclasses.replace(base, **changes)


ANSWER = AnswerRecord(
    answer_html="<p>We are reviewing this.</p>",
    answer_text="We are reviewing this.",
    answering_member=MemberRef(4125, "Catherine McKinnell"),
    date_answered=datetime.date(2024, 11, 18),
    attachments=(
        AttachmentRecord(url="https://example.org/a.pdf", title="Figures", file_type="PDF"),
    ),
)


def test_upsert_questions_same_id_twice_in_one_batch_acts_in_order(db):
    records = [
        _record(1),
        _record(1, heading="Special Educational Needs"),
        _record(1, heading="Special Educational Needs", answer=ANSWER),
    ]

    results = upsert_questions(records=records)

    assert [r.outcome for r in results] == ["new", "updated", "updated"]
    question = WrittenQuestion.objects.get()
    assert question.heading == "Special Educational Needs" and question.status == "answered"
    assert question.answers.get().attachments.get().title == "Figures"
    fields = sorted(QuestionChange.objects.values_list("field", flat=True))
    assert "heading" in fields and "answer.answer_text" in fields


def test_upsert_questions_sends_one_signal_with_written_ids(db):
    upsert_questions(records=[_record(1), _record(2)])
    sent: list[list[int]] = []

    def receiver(sender, question_ids, **kwargs):  # type: ignore[no-untyped-def]
        sent.append(question_ids)

    questions_written.connect(receiver)
    try:
        upsert_questions(records=[_record(1), _record(2, heading="Changed"), _record(3)])
    finally:
        questions_written.disconnect(receiver)

    expected = sorted(
        WrittenQuestion.objects.filter(parliament_id__in=[2, 3]).values_list("pk", flat=True)
    )
    assert sent == [expected]


def test_upsert_questions_pauses_the_cycle_collector_only_while_it_writes(db):
    during: list[bool] = []

    def receiver(sender, question_ids, **kwargs):  # type: ignore[no-untyped-def]
        during.append(gc.isenabled())
        if len(during) == 2:
            raise RuntimeError("a receiver failed")

    questions_written.connect(receiver)
    try:
        assert gc.isenabled()
        upsert_questions(records=[_record(1)])
        assert during == [False] and gc.isenabled()
        with pytest.raises(RuntimeError):
            upsert_questions(records=[_record(2)])
        assert gc.isenabled()  # back on after a failed write too
        gc.disable()
        upsert_questions(records=[_record(3)])
        assert not gc.isenabled()  # left as the caller had it
    finally:
        gc.enable()
        questions_written.disconnect(receiver)


def test_a_batch_that_adds_questions_refreshes_grown_statistics_once_it_commits(
    db, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        upsert_questions(records=[_record(1)])
    assert analyze_grown_tables in callbacks
    with django_capture_on_commit_callbacks() as callbacks:
        upsert_questions(records=[_record(1, heading="Changed")])  # none added
    assert analyze_grown_tables not in callbacks


def test_upsert_questions_adopts_page_question_without_duplicate(db):
    page = services.upsert_question(
        record=dataclasses.replace(_record(7), parliament_id=None),
        source=QuestionChange.Source.PAGE,
    ).question

    result = upsert_questions(records=[_record(7)])[0]

    assert result.question.pk == page.pk
    assert WrittenQuestion.objects.get().parliament_id == 7


def test_upsert_questions_query_count_stays_small_for_large_batch(db):
    def queries(n: int, offset: int) -> int:
        records = [_record(offset + i, answer=ANSWER) for i in range(n)]
        with CaptureQueriesContext(connection) as captured:
            upsert_questions(records=records)
        return len(captured)

    # Only the database's own limit on parameters per INSERT splits the bulk writes.
    small, large = queries(10, 1000), queries(200, 2000)
    # The write, plus what the apps listening to questions_written add in its transaction (the
    # search index, answers' intake of the department's questions and its following of withdrawals
    # and transfers, the on-time tally's refresh).
    assert small < 30
    assert large < small + 10  # the single path would take thousands


@pytest.mark.parametrize(
    "answer",
    [
        ANSWER,
        dataclasses.replace(ANSWER, attachments=()),
        dataclasses.replace(
            ANSWER,
            is_correction=True,
            date_corrected=datetime.date(2024, 11, 26),
            correcting_member=MemberRef(4125),
            original_answer_html="<p>Before – “quoted”</p>",
            original_answer_text="Before – “quoted”",
        ),
        AnswerRecord(answer_html="", answer_text=""),
    ],
)
def test_answer_digest_equals_content_hash(answer):
    from pqtracker.parliament.bulk_sql import answer_digest

    assert answer_digest(answer) == answer.content_hash()
