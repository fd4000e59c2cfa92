"""On-time statistics on a fixture with a known answer."""

from __future__ import annotations

import datetime

import pytest

from pqtracker.deadlines import tallies
from pqtracker.parliament.models import QuestionStatus
from tests.factories import (
    AnsweringBodyFactory,
    MemberFactory,
    WrittenQuestionFactory,
    answered_question,
)

pytestmark = pytest.mark.django_db
D = datetime.date
TODAY = D(2026, 12, 2)


def test_statistics_count_answered_and_overdue_questions_only():
    dfe = AnsweringBodyFactory(parliament_id=60, name="Department for Education")
    other = AnsweringBodyFactory(parliament_id=17, name="Health")
    minister = MemberFactory(name_display="Catherine McKinnell", parliament_id=4125)
    tabled = D(2024, 11, 13)  # Wednesday: five working days end on Wednesday 20 November

    def answer(on: datetime.date, **kwargs):  # type: ignore[no-untyped-def]
        kwargs.setdefault("date_tabled", tabled)
        return answered_question(
            answering_body=dfe,
            answer__date_answered=on,
            answer__answering_member=minister,
            **kwargs,
        )

    answer(D(2024, 11, 15))  # ordinary, 2 working days: on time
    answer(D(2024, 11, 20))  # ordinary, 5 working days: on time
    answer(D(2024, 11, 22))  # ordinary, 7 working days: late
    answer(D(2024, 11, 18), is_named_day=True, date_for_answer=D(2024, 11, 18))  # on time
    answer(D(2024, 12, 2), house="Lords", uin="HL1")  # 19 days: late
    answer(D(2022, 3, 1), date_tabled=D(2022, 2, 22))  # session 2021-22, on time (5 days)
    WrittenQuestionFactory(answering_body=dfe, date_tabled=tabled)  # open and past: late
    WrittenQuestionFactory(answering_body=dfe, date_tabled=D(2026, 12, 1))  # open, in time
    WrittenQuestionFactory(
        answering_body=dfe, date_tabled=tabled, is_withdrawn=True, status=QuestionStatus.WITHDRAWN
    )
    answered_question(answering_body=other, date_tabled=tabled)  # another department

    stats = tallies.department_statistics(TODAY)

    assert (stats.total.counted, stats.total.on_time) == (7, 4)
    assert stats.total.percent_on_time == 57.1
    # Working days to answer: 2, 5, 7, 3, 13 and 5 (the Lords question: 13 Nov to 2 Dec 2024).
    assert stats.total.average_working_days == round((2 + 5 + 7 + 3 + 13 + 5) / 6, 1)
    by_type = {row.key: (row.tally.counted, row.tally.on_time) for row in stats.by_type}
    assert by_type == {"ordinary": (5, 3), "named_day": (1, 1), "lords": (1, 0)}
    by_session = {
        row.key: (row.tally.counted, row.tally.on_time, row.published) for row in stats.by_session
    }
    assert by_session["2021-22"][:2] == (1, 1)
    assert by_session["2021-22"][2][:2] == (3095, 87.6)  # the published figure to compare with
    assert [row.label for row in stats.by_month] == ["Feb 2022", "Nov 2024"]
    by_minister = {row.label: row.tally.counted for row in stats.by_minister}
    assert by_minister == {"Catherine McKinnell": 6, "Not yet answered": 1}


def test_tallies_follow_writes_to_the_record(django_capture_on_commit_callbacks, monkeypatch):  # type: ignore[no-untyped-def]
    from pqtracker.imports.parsing import question_record_from_api
    from pqtracker.parliament import services

    def record(pk: int, answered: str | None):  # type: ignore[no-untyped-def]
        return question_record_from_api(
            {
                "id": pk, "uin": str(pk), "house": "Commons", "dateTabled": "2024-11-13T00:00:00",
                "dateForAnswer": "2024-11-18T00:00:00", "isNamedDay": False,
                "questionText": "To ask the Secretary of State for Education, a question.",
                "answeringBodyId": 60, "answeringBodyName": "Department for Education",
                "answerText": "<p>An answer.</p>" if answered else None,
                "answerIsHolding": False if answered else None, "dateAnswered": answered,
            },
            full_text=True,
        )  # fmt: skip

    AnsweringBodyFactory(parliament_id=60, name="Department for Education")
    assert tallies.department_statistics(TODAY).total.counted == 0  # first use: counted inline
    refreshes = []
    monkeypatch.setattr(
        tallies, "refresh", lambda real=tallies.refresh: refreshes.append(1) or real()
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.upsert_question(record=record(1, "2024-11-15T00:00:00"))
        services.upsert_question(record=record(2, "2024-11-29T00:00:00"))
    assert refreshes == [1]  # two writes, one refresh
    stats = tallies.department_statistics(TODAY)
    assert (stats.total.counted, stats.total.on_time) == (2, 1)
