"""The public record's write path: one upsert per source record, history kept."""

import datetime

import pytest

from pqtracker.parliament import services
from pqtracker.parliament.models import Answer, QuestionChange, QuestionStatus, WrittenQuestion
from pqtracker.parliament.records import AnswerRecord, BodyRef, MemberRef, QuestionRecord

pytestmark = pytest.mark.django_db

DFE = BodyRef(60, "Department for Education")
MOJ = BodyRef(54, "Ministry of Justice")
D = datetime.date


def record(**overrides):
    values = dict(
        parliament_id=1738743,
        uin="14000",
        house="Commons",
        date_tabled=D(2024, 11, 11),
        date_for_answer=D(2024, 11, 14),
        question_text=(
            "To ask the Secretary of State for Education, how many EHC plans were issued."
        ),
        asking_member=MemberRef(5299, "Helen Maguire"),
        answering_body=DFE,
    )
    values.update(overrides)
    return QuestionRecord(**values)


def answer(text="<p>Figures are published annually.</p>", **overrides):
    values = dict(
        answer_html=text,
        answer_text=text.replace("<p>", "").replace("</p>", ""),
        answering_member=MemberRef(4125, "Catherine McKinnell"),
        date_answered=D(2024, 11, 19),
    )
    values.update(overrides)
    return AnswerRecord(**values)


def test_upsert_creates_question_members_and_body_once():
    first = services.upsert_question(record=record())
    again = services.upsert_question(record=record())
    assert first.outcome == services.Outcome.NEW
    assert again.outcome == services.Outcome.UNCHANGED
    question = WrittenQuestion.objects.get()
    assert question.asking_member.name_display == "Helen Maguire"
    assert question.answering_body.parliament_id == 60
    assert question.session == "2024-26"
    assert question.status == QuestionStatus.UNANSWERED
    assert not QuestionChange.objects.exists()


def test_heading_added_is_recorded_with_old_and_new_value():
    services.upsert_question(record=record())
    result = services.upsert_question(record=record(heading="Special Educational Needs"))
    assert result.outcome == services.Outcome.UPDATED
    change = QuestionChange.objects.get()
    assert (change.field, change.old_value, change.new_value) == (
        "heading",
        "",
        "Special Educational Needs",
    )


def test_holding_answer_then_substantive_answer_keeps_both():
    services.upsert_question(record=record())
    holding = answer(
        "<p>An answer is being prepared.</p>",
        is_holding=True,
        date_answered=D(2024, 11, 18),
        date_holding_answer=D(2024, 11, 18),
    )
    services.upsert_question(record=record(answer=holding))
    assert WrittenQuestion.objects.get().status == QuestionStatus.HOLDING
    final = answer(date_holding_answer=D(2024, 11, 18), date_answered=D(2024, 11, 25))
    services.upsert_question(record=record(answer=final))
    question = WrittenQuestion.objects.get()
    assert question.status == QuestionStatus.ANSWERED
    assert question.date_answered == D(2024, 11, 25)
    versions = list(Answer.objects.order_by("recorded_at", "id"))
    assert [v.is_holding for v in versions] == [True, False]
    assert [v.is_current for v in versions] == [False, True]
    assert versions[0].superseded_at is not None
    fields = set(QuestionChange.objects.values_list("field", flat=True))
    assert {"answer.is_holding", "answer.date_answered", "answer.answer_text"} <= fields


def test_correction_keeps_the_original_answer_text():
    services.upsert_question(record=record(answer=answer("<p>There were 100 plans.</p>")))
    corrected = answer(
        "<p>There were 110 plans.</p>",
        is_correction=True,
        date_corrected=D(2024, 12, 2),
        correcting_member=MemberRef(4125, "Catherine McKinnell"),
    )
    services.upsert_question(record=record(answer=corrected))
    current = Answer.objects.get(is_current=True)
    assert current.is_correction and current.answer_html == "<p>There were 110 plans.</p>"
    assert current.original_answer_html == "<p>There were 100 plans.</p>"
    assert WrittenQuestion.objects.get().status == QuestionStatus.CORRECTED
    assert Answer.objects.count() == 2


def test_transfer_is_a_change_of_answering_body():
    services.upsert_question(record=record())
    services.upsert_question(record=record(answering_body=MOJ))
    change = QuestionChange.objects.get(field="answering_body")
    assert (change.old_value, change.new_value) == (
        "Department for Education",
        "Ministry of Justice",
    )
    assert change.is_transfer


def test_tabled_date_moving_updates_the_same_question():
    services.upsert_question(record=record(date_tabled=D(2024, 12, 3)))
    services.upsert_question(record=record(date_tabled=D(2024, 12, 5)))
    assert WrittenQuestion.objects.count() == 1
    assert WrittenQuestion.objects.get().date_tabled == D(2024, 12, 5)


def test_api_record_adopts_question_first_read_from_a_page():
    page = record(parliament_id=None, uin="87924", date_tabled=D(2021, 12, 6))
    services.upsert_question(record=page, source=QuestionChange.Source.PAGE)
    services.upsert_question(
        record=record(parliament_id=1400001, uin="87924", date_tabled=D(2021, 12, 6))
    )
    question = WrittenQuestion.objects.get()
    assert question.parliament_id == 1400001


def test_grouped_questions_link_both_ways():
    services.upsert_question(record=record(uin="5524", grouped=(("5525", D(2024, 11, 11)),)))
    services.upsert_question(
        record=record(parliament_id=1738744, uin="5525", grouped=(("5524", D(2024, 11, 11)),))
    )
    first = WrittenQuestion.objects.get(uin="5524")
    second = WrittenQuestion.objects.get(uin="5525")
    assert [q for _, q in first.grouped_questions()] == [second]
    assert [q for _, q in second.grouped_questions()] == [first]


def test_mark_withdrawn_is_idempotent_and_recorded():
    question = services.upsert_question(record=record()).question
    assert services.mark_withdrawn(question=question, source=QuestionChange.Source.API) is True
    assert services.mark_withdrawn(question=question, source=QuestionChange.Source.API) is False
    question.refresh_from_db()
    assert question.status == QuestionStatus.WITHDRAWN
    assert QuestionChange.objects.filter(field="is_withdrawn").count() == 1
