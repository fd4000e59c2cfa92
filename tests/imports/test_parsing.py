"""Parsing Written Questions API records, against every recorded real record and bad input."""

from __future__ import annotations

import copy
import datetime
from pathlib import Path

import pytest

from pqtracker.imports.parsing import (
    MalformedRecord,
    has_answer,
    preview_fingerprint,
    question_record_from_api,
)
from pqtracker.parliament.models import QuestionStatus, WrittenQuestion
from pqtracker.parliament.services import Outcome, upsert_question
from tests.imports.conftest import (
    detail_values,
    list_item_values,
    single_question,
    timeline_versions,
)

shared = pytest.mark.shared


def by_id(values: list[dict], qid: int) -> dict:
    return copy.deepcopy(next(v for v in values if v["id"] == qid))


@shared
def test_question_record_from_api_parses_every_recorded_list_item(parliament_data: Path) -> None:
    values = list_item_values(parliament_data)
    assert len(values) >= 80
    for value in values:
        record = question_record_from_api(value, full_text=False)
        assert record.parliament_id == value["id"]
        assert record.uin == value["uin"]
        assert record.house == value["house"]
        assert record.date_tabled.isoformat() == value["dateTabled"][:10]
        assert record.question_text == value["questionText"].strip()
        assert record.answering_body.parliament_id == value["answeringBodyId"]
        assert record.asking_member.parliament_id == value["askingMemberId"]
        # A listing's answer is a 255-character preview: never handed on as the answer.
        assert record.answer is None


@shared
def test_question_record_from_api_parses_every_timeline_version(parliament_data: Path) -> None:
    versions = timeline_versions(parliament_data)
    for qid, values in versions.items():
        records = [question_record_from_api(v, full_text=True) for v in values]
        assert {r.parliament_id for r in records} == {qid}
    moved = [question_record_from_api(v, full_text=False).date_tabled for v in versions[1746478]]
    assert moved[0] == datetime.date(2024, 12, 3) and moved[-1] == datetime.date(2024, 12, 5)
    bodies = [
        question_record_from_api(v, full_text=False).answering_body.parliament_id
        for v in versions[1741647]
    ]
    assert bodies[0] == 60 and bodies[-1] == 54


@shared
def test_question_record_from_api_timeline_holding_then_answered(parliament_data: Path) -> None:
    versions = timeline_versions(parliament_data)[1740104]
    first, holding, answered = (question_record_from_api(v, full_text=True) for v in versions)
    assert first.answer is None
    assert holding.answer.is_holding is True
    assert holding.answer.date_holding_answer == holding.answer.date_answered
    assert answered.answer.is_holding is False
    assert answered.answer.date_holding_answer == holding.answer.date_holding_answer
    assert answered.answer.date_answered > holding.answer.date_answered


@shared
def test_question_record_from_api_single_question_detail(parliament_data: Path) -> None:
    record = question_record_from_api(single_question(parliament_data), full_text=True)
    assert (record.parliament_id, record.uin, record.house) == (1679416, "7926", "Commons")
    assert record.is_named_day is True
    assert record.date_for_answer == datetime.date(2024, 1, 10)
    assert record.heading == "Apprentices: Employment Agencies"
    answer = record.answer
    assert answer is not None
    assert answer.date_answered == datetime.date(2024, 1, 10)
    assert answer.answering_member.parliament_id == 3985
    assert answer.is_holding is False and answer.is_correction is False
    assert 'rel="noopener noreferrer"' in answer.answer_html
    assert "target=" not in answer.answer_html
    assert "<" not in answer.answer_text
    assert answer.answer_text.startswith("The department is supporting sectors")
    assert "44 FJAAs" in answer.answer_text


@shared
def test_question_record_from_api_grouped_questions(parliament_data: Path) -> None:
    value = by_id(list_item_values(parliament_data), 1675852)
    record = question_record_from_api(value, full_text=False)
    day = datetime.date(2023, 12, 6)
    assert record.grouped == (("5525", day), ("5526", day), ("5527", day))


@shared
def test_question_record_from_api_named_day_and_interest(parliament_data: Path) -> None:
    values = list_item_values(parliament_data)
    assert question_record_from_api(by_id(values, 1677364), full_text=False).is_named_day is True
    assert (
        question_record_from_api(by_id(values, 1722634), full_text=False).member_has_interest
        is True
    )
    assert question_record_from_api(by_id(values, 1742327), full_text=False).heading == ""


@shared
def test_question_record_from_api_holding_corrected_and_unanswered(parliament_data: Path) -> None:
    values = list_item_values(parliament_data)
    holding = question_record_from_api(by_id(values, 1741059), full_text=True).answer
    assert holding.is_holding is True
    assert holding.date_holding_answer == datetime.date(2024, 11, 18)
    corrected = question_record_from_api(by_id(values, 1678074), full_text=True).answer
    assert corrected.is_correction is True
    assert corrected.date_corrected == datetime.date(2024, 2, 21)
    assert corrected.correcting_member.parliament_id == 4362
    assert corrected.date_answered == datetime.date(2023, 12, 19)
    unanswered = by_id(values, 1724726)
    assert has_answer(unanswered) is False
    assert question_record_from_api(unanswered, full_text=True).answer is None


@shared
def test_question_record_from_api_withdrawn(parliament_data: Path) -> None:
    value = by_id(list_item_values(parliament_data), 1724726)
    value["isWithdrawn"] = True
    assert question_record_from_api(value, full_text=False).is_withdrawn is True


@shared
def test_question_record_from_api_detail_values_have_clean_answers(parliament_data: Path) -> None:
    details = detail_values(parliament_data)
    answered = [v for v in details if has_answer(v)]
    assert len(answered) >= 5
    for value in answered:
        answer = question_record_from_api(value, full_text=True).answer
        assert answer is not None
        assert "<script" not in answer.answer_html
        assert "<" not in answer.answer_text and ">" not in answer.answer_text
        assert answer.answer_text.strip()


def test_question_record_from_api_uses_expanded_member_names() -> None:
    value = minimal_value(
        askingMemberId=4253,
        askingMember={"id": 4253, "name": "Munira Wilson", "party": "Liberal Democrat"},
        dateAnswered="2024-01-10T00:00:00",
        answerIsHolding=False,
        answerText="<p>Yes.</p>",
        answeringMemberId=3985,
        answeringMember={"id": 3985, "name": "Robert Halfon"},
        attachments=[
            {
                "url": "https://example.org/a.pdf",
                "title": "Table",
                "fileType": "PDF",
                "fileSizeBytes": 123,
            }
        ],
    )
    record = question_record_from_api(value, full_text=True)
    assert record.asking_member.name == "Munira Wilson"
    assert record.answer.answering_member.name == "Robert Halfon"
    assert record.answer.attachments[0].title == "Table"
    assert record.answer.attachments[0].file_size_bytes == 123


def minimal_value(**overrides) -> dict:  # type: ignore[no-untyped-def]
    value = {
        "id": 1700001,
        "uin": "1234",
        "house": "Commons",
        "dateTabled": "2024-11-13T00:00:00",
        "questionText": "To ask the Secretary of State for Education, a question.",
    }
    value.update(overrides)
    return value


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ({"id": None}, "missing required field 'id'"),
        ({"uin": None}, "missing required field 'uin'"),
        ({"house": None}, "missing required field 'house'"),
        ({"dateTabled": None}, "missing required field 'dateTabled'"),
        ({"questionText": None}, "missing required field 'questionText'"),
        ({"questionText": "   "}, "required field 'questionText' is empty"),
        ({"id": "1700001"}, "'id' should be a whole number"),
        ({"house": "Senate"}, "'house' should be one of"),
        ({"dateTabled": "13/11/2024"}, "'dateTabled' is not a date"),
        ({"dateTabled": 20241113}, "'dateTabled' should be a date string"),
        ({"dateForAnswer": "soon"}, "'dateForAnswer' is not a date"),
        ({"isNamedDay": "yes"}, "'isNamedDay' should be true, false or null"),
        ({"answeringBodyId": "60"}, "'answeringBodyId' should be a whole number"),
        ({"groupedQuestionsDates": [{"dateTabled": "2024-01-01"}]}, "has no questionUin"),
        (
            {
                "dateAnswered": "2024-11-14T00:00:00",
                "answerText": "x",
                "attachments": [{"url": "javascript:x"}],
            },
            "attachment URL should be http(s)",
        ),
    ],
)
def test_question_record_from_api_refuses_malformed_records(change: dict, reason: str) -> None:
    value = minimal_value()
    for key, new in change.items():
        if new is None:
            value.pop(key)
        else:
            value[key] = new
    with pytest.raises(MalformedRecord) as caught:
        question_record_from_api(value, full_text=True)
    assert reason in str(caught.value)


def test_question_record_from_api_refuses_non_objects() -> None:
    with pytest.raises(MalformedRecord, match="should be an object"):
        question_record_from_api(["not", "a", "record"], full_text=False)  # type: ignore[arg-type]


def test_malformed_record_names_the_question() -> None:
    with pytest.raises(MalformedRecord) as caught:
        question_record_from_api(minimal_value(dateTabled="nonsense"), full_text=False)
    assert caught.value.parliament_id == 1700001
    assert str(caught.value).startswith("Question 1700001: ")


def test_question_record_from_api_accepts_a_numeric_uin() -> None:
    assert question_record_from_api(minimal_value(uin=7926), full_text=False).uin == "7926"


def test_preview_fingerprint_stable_and_sensitive() -> None:
    value = minimal_value(heading=None, answerText=None)
    same = dict(reversed(list(value.items())))
    same["askingMember"] = {"id": 1, "name": "Expanded details do not count"}
    assert preview_fingerprint(value) == preview_fingerprint(same)
    for key, new in (
        ("heading", "Special Educational Needs"),
        ("answeringBodyId", 54),
        ("answerIsHolding", True),
    ):
        assert preview_fingerprint({**value, key: new}) != preview_fingerprint(value)


@shared
@pytest.mark.django_db
def test_parsed_records_write_through_upsert(parliament_data: Path) -> None:
    single = single_question(parliament_data)
    listed = {**single, "answerText": "preview...", "questionText": single["questionText"][:255]}
    first = upsert_question(record=question_record_from_api(listed, full_text=False))
    assert first.outcome is Outcome.NEW
    assert first.question.status == QuestionStatus.UNANSWERED  # the preview was not stored
    second = upsert_question(record=question_record_from_api(single, full_text=True))
    question = WrittenQuestion.objects.get(parliament_id=1679416)
    assert second.outcome is Outcome.UPDATED
    assert question.status == QuestionStatus.ANSWERED
    assert question.current_answer.answer_text.startswith("The department is supporting sectors")
