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


# --- From the answering workflow ----------------------------------------------------------------


TABLED = D(2024, 11, 13)


def _case(team, minister, *, reason="", tabled=TABLED, answered=None, by=None, **kwargs):  # type: ignore[no-untyped-def]
    from tests.factories import CaseFactory

    dfe = AnsweringBodyFactory(parliament_id=60, name="Department for Education")
    if answered:
        question = answered_question(
            answering_body=dfe,
            date_tabled=tabled,
            answer__date_answered=answered,
            **({"answer__answering_member": by} if by else {}),
        )
    else:
        question = WrittenQuestionFactory(answering_body=dfe, date_tabled=tabled)
    return CaseFactory(
        question=question,
        policy_team=team,
        answering_minister=minister,
        delay_reason=reason,
        **kwargs,
    )


def test_on_time_by_team_and_delay_reasons(team_a, team_b):
    from pqtracker.deadlines import workflow_stats

    minister = MemberFactory(name_display="Catherine McKinnell", parliament_id=4125)
    other = MemberFactory(name_display="Stephen Morgan", parliament_id=4127)
    # Tabled Wednesday 13 November 2024: on time when answered by Wednesday 20 November.
    _case(team_a, minister, answered=D(2024, 11, 15), status="answered")
    _case(team_a, minister, answered=D(2024, 11, 22), status="answered", reason="data")
    _case(team_a, other, status="drafting", reason="clearance")  # open and past: late
    _case(team_b, other, answered=D(2024, 11, 25), status="answered", reason="data",
          tabled=D(2024, 11, 14))  # fmt: skip
    _case(None, None, tabled=D(2026, 12, 1), status="new")  # open, in time: not counted
    # No minister on the case: the record's answering minister counts.
    _case(team_b, None, answered=D(2024, 12, 20), status="answered", reason="minister",
          tabled=D(2024, 12, 9), by=minister)  # fmt: skip
    _case(None, None, status="rejected", reason="other")  # no minister at all, open and late

    by_team = {r.label: (r.tally.counted, r.tally.on_time) for r in
               workflow_stats.on_time_by_team(today=TODAY)}  # fmt: skip
    assert by_team == {"SEND Policy": (3, 1), "Schools Funding": (2, 0), "No team": (1, 0)}

    delays = workflow_stats.delay_reasons()
    assert delays.total == 5
    assert delays.by_reason == [
        ("data", "Figures not yet available", 2),
        ("clearance", "Held in clearance", 1),
        ("minister", "Minister unavailable", 1),
        ("other", "Other", 1),
    ]
    assert delays.by_month.rows == [("Nov 2024", [2, 1, 0, 1], 4), ("Dec 2024", [0, 0, 1, 0], 1)]
    assert delays.by_minister.rows == [
        ("Catherine McKinnell", [1, 0, 1, 0], 2),
        ("Stephen Morgan", [1, 1, 0, 0], 2),
        ("No minister", [0, 0, 0, 1], 1),
    ]


def test_time_in_each_stage(team_a):
    from pqtracker.answers.models import StageTime
    from pqtracker.deadlines import workflow_stats

    start = datetime.datetime(2024, 11, 13, 9, tzinfo=datetime.UTC)
    hours = datetime.timedelta(hours=1)
    # Three cases' spells in drafting: 1, 2 and 6 days; two in commissioned: 12 and 36 hours.
    for days, commissioned_hours in ((1, 12), (2, 36), (6, None)):
        case = _case(team_a, None, status="in_clearance")
        at = start
        if commissioned_hours:
            StageTime.objects.create(case=case, status="commissioned", entered_at=at,
                                     left_at=at + commissioned_hours * hours)  # fmt: skip
            at += commissioned_hours * hours
        StageTime.objects.create(case=case, status="drafting", entered_at=at,
                                 left_at=at + days * 24 * hours)  # fmt: skip
        StageTime.objects.create(
            case=case, status="in_clearance", entered_at=at + days * 24 * hours
        )

    rows = {r.key: (r.spells, r.average_days, r.now) for r in workflow_stats.time_in_stages()}
    assert rows == {
        "commissioned": (2, 1.0, 0),
        "drafting": (3, 3.0, 0),
        "in_clearance": (0, None, 3),
    }
    assert [r.key for r in workflow_stats.time_in_stages()] == [
        "commissioned",
        "drafting",
        "in_clearance",
    ]


def test_statistics_page_shows_the_workflow_charts_tables_and_csv(client, clerk, team_a):
    import csv
    import io

    from pqtracker.answers.models import StageTime

    minister = MemberFactory(name_display="Catherine McKinnell", parliament_id=4125)
    case = _case(team_a, minister, answered=D(2024, 11, 22), status="answered", reason="data")
    start = datetime.datetime(2024, 11, 13, 9, tzinfo=datetime.UTC)
    StageTime.objects.create(
        case=case, status="drafting", entered_at=start, left_at=start + datetime.timedelta(days=2)
    )
    client.force_login(clerk)
    page = client.get("/deadlines/statistics/").content.decode()
    for heading in (
        "On time by policy team",
        "On time by answering minister",
        "Average days in each stage",
        "Delay reasons by month tabled",
        "Delay reasons by answering minister",
    ):
        assert heading in page
    assert page.count("<svg") == 7  # month, session, type, minister, team, stages, delays

    def rows(key):  # type: ignore[no-untyped-def]
        response = client.get("/deadlines/statistics/", {"csv": key})
        assert response["Content-Type"].startswith("text/csv")
        return list(csv.reader(io.StringIO(response.content.decode())))

    assert rows("team")[1][:5] == ["SEND Policy", "1", "0", "1", "0.0"]
    assert rows("stages")[1] == ["Drafting", "1", "2.0", "0"]
    assert rows("delays")[1] == ["Figures not yet available", "1"]
    assert rows("delays-by-month") == [
        ["Month tabled", "Figures not yet available", "total"],
        ["Nov 2024", "1", "1"],
    ]
    assert rows("delays-by-minister")[1] == ["Catherine McKinnell", "1", "1"]
