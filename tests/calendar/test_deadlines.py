"""Due dates and on-time state: the House rules on real questions from ../shared/data/parliament,
through the record's write paths (single and batch), as export_questions then reports them."""

from __future__ import annotations

import datetime
import io
import json
from pathlib import Path

import pytest
from django.core.management import call_command

from pqtracker.calendar import deadlines
from pqtracker.imports.parsing import question_record_from_api
from pqtracker.parliament import batch as batch_write
from pqtracker.parliament import services
from pqtracker.parliament.models import WrittenQuestion
from tests.imports.conftest import list_item_values, timeline_versions

D = datetime.date


def rule(house: str, named: bool, tabled: datetime.date, for_answer: datetime.date | None):  # type: ignore[no-untyped-def]
    return deadlines.on_time_by(
        house=house, is_named_day=named, date_tabled=tabled, date_for_answer=for_answer
    )


@pytest.mark.parametrize(
    ("tabled", "expected", "why"),
    [
        (D(2024, 11, 11), D(2024, 11, 18), "Monday: five working days is the next Monday"),
        (D(2024, 11, 13), D(2024, 11, 20), "Wednesday: across a weekend"),
        (D(2024, 11, 1), D(2024, 11, 8), "Friday"),
        (D(2023, 12, 19), D(2023, 12, 28), "before Christmas: 25 and 26 Dec are not working days"),
        (D(2024, 12, 20), D(2024, 12, 31), "Friday before Christmas: 25 and 26 Dec skipped"),
        (D(2024, 3, 26), D(2024, 4, 4), "Easter 2024: Good Friday 29 Mar, Easter Monday 1 Apr"),
        (D(2024, 7, 30), D(2024, 8, 6), "the summer recess: working days run on"),
        (D(2024, 1, 5), D(2024, 1, 12), "tabled in the Christmas recess"),
    ],
)
def test_commons_ordinary_is_on_time_within_five_working_days(tabled, expected, why):  # type: ignore[no-untyped-def]
    assert rule("Commons", False, tabled, tabled + datetime.timedelta(days=3)) == expected, why


def test_named_day_is_the_named_day_and_lords_is_fourteen_calendar_days():
    assert rule("Commons", True, D(2024, 11, 13), D(2024, 11, 18)) == D(2024, 11, 18)
    assert rule("Commons", True, D(2024, 11, 13), None) is None
    # Lords: calendar days, so Easter 2024 moves nothing.
    assert rule("Lords", False, D(2024, 3, 25), None) == D(2024, 4, 8)
    assert deadlines.due_date(
        house="Lords", is_named_day=False, date_tabled=D(2024, 3, 25), date_for_answer=None
    ) == D(2024, 4, 8)


def test_answered_on_time_is_null_until_a_substantive_answer():
    deadline = D(2024, 11, 18)
    on = deadlines.answered_on_time(deadline=deadline, date_answered=deadline, is_answered=True)
    late = deadlines.answered_on_time(
        deadline=deadline, date_answered=D(2024, 11, 19), is_answered=True
    )
    holding = deadlines.answered_on_time(
        deadline=deadline, date_answered=deadline, is_answered=False
    )
    assert (on, late, holding) == (True, False, None)


def test_working_days_left_counts_down_through_a_bank_holiday():
    assert deadlines.working_days_left(D(2024, 4, 2), D(2024, 3, 28)) == 1  # over Easter
    assert deadlines.working_days_left(D(2024, 4, 2), D(2024, 4, 2)) == 0
    assert deadlines.working_days_left(D(2024, 4, 2), D(2024, 4, 4)) == -2
    assert deadlines.working_days_left(None, D(2024, 4, 4)) is None


# Real questions and what the House rules make of them: (id, on_time_by, answered_on_time).
REAL = {
    # Ordinary, tabled Wed 6 Dec 2023 and answered Thu 14 Dec: the sixth working day, late.
    1675852: ("2023-12-13", False),
    # Ordinary, tabled Fri 1 Nov 2024, answered Mon 11 Nov: late by a day.
    1738743: ("2024-11-08", False),
    # Ordinary, tabled Wed 17 Jul 2024 (new Parliament), answered Tue 23 Jul: on time.
    1721592: ("2024-07-24", True),
    # Ordinary, tabled in the summer recess (Fri 30 Aug 2024), answered Mon 9 Sep: the recess
    # does not stop the clock, late.
    1725675: ("2024-09-06", False),
    # Ordinary, tabled Tue 19 Dec 2023 as the Commons rose for Christmas: five working days end
    # on 28 Dec (25 and 26 Dec are bank holidays); answered 26 Feb 2024, late.
    1679012: ("2023-12-28", False),
    # Ordinary, tabled Fri 5 Jan 2024 in the Christmas recess, answered Thu 11 Jan: on time.
    1679517: ("2024-01-12", True),
    # Named day answered on the named day: on time.
    1741552: ("2024-11-18", True),
    1677364: ("2023-12-18", True),
    # Named day 11 Jan 2024, answered 22 Jan: late.
    1679801: ("2024-01-11", False),
    # Named day with a holding answer on the day: a holding answer is not an answer.
    1741059: ("2024-11-18", None),
    # Unanswered named day question.
    1740478: ("2024-11-13", None),
}


def _import(values: list[dict], *, batch: bool) -> None:
    records = [question_record_from_api(value, full_text=True) for value in values]
    if batch:
        batch_write.upsert_questions(records=records)
    else:
        for record in records:
            services.upsert_question(record=record)


@pytest.mark.shared
@pytest.mark.django_db
@pytest.mark.parametrize("batch", [False, True], ids=["single", "batch"])
def test_real_questions_are_stored_and_exported_with_the_house_rules(
    parliament_data: Path, batch: bool
) -> None:
    latest: dict[int, dict] = {}
    for value in list_item_values(parliament_data):
        latest.setdefault(value["id"], value)
    latest.update({pk: versions[-1] for pk, versions in timeline_versions(parliament_data).items()})
    _import([latest[pk] for pk in REAL], batch=batch)

    out = io.StringIO()
    call_command("export_questions", "--format", "jsonl", stdout=out)
    rows = {row["id"]: row for row in map(json.loads, out.getvalue().splitlines())}
    got = {pk: (rows[pk]["on_time_by"], rows[pk]["answered_on_time"]) for pk in REAL}
    assert got == REAL


@pytest.mark.shared
@pytest.mark.django_db
def test_holding_then_answer_and_a_transfer_keep_the_deadline(parliament_data: Path) -> None:
    # 1740104: named day 12 Nov 2024, holding answer that day, real answer 14 Nov: late, and the
    # holding answer moved nothing. 1741647 moved from DfE to the Ministry of Justice.
    timelines = timeline_versions(parliament_data)
    for pk, expected in ((1740104, [None, None, False]), (1741647, None)):
        seen = []
        for value in timelines[pk]:
            _import([value], batch=False)
            question = WrittenQuestion.objects.get(parliament_id=pk)
            seen.append((question.on_time_by, question.answered_on_time))
        assert len({by for by, _ in seen}) == 1, seen  # the deadline never moved
        if expected is not None:
            assert [state for _, state in seen][-len(expected) :] == expected


def test_deadline_state_counts_down_then_overdue():
    def state(today: datetime.date, **kw):  # type: ignore[no-untyped-def]
        args = {"due": D(2024, 11, 18), "on_time_by": D(2024, 11, 20), "answered_on_time": None}
        args.update(kw)
        found = deadlines.deadline_state(is_open=True, today=today, **args)
        return found and (found.label, found.working_days_left)

    assert state(D(2024, 11, 15)) == ("Due in 1 working day", 1)  # Friday before a Monday
    assert state(D(2024, 11, 18)) == ("Due today", 0)
    assert state(D(2024, 11, 19)) == ("Past due, on time", -1)
    assert state(D(2024, 11, 20)) == ("Past due, on time until today", -2)
    assert state(D(2024, 11, 21)) == ("Overdue by 3 working days", -3)
    assert state(D(2024, 11, 21), answered_on_time=False) == ("Answered late", None)
    assert state(D(2024, 11, 21), due=None) is None


@pytest.mark.django_db
def test_question_page_and_list_show_due_date_and_state(client, viewer):  # type: ignore[no-untyped-def]
    from tests.factories import WrittenQuestionFactory

    question = WrittenQuestionFactory(date_tabled=D(2024, 11, 13), date_for_answer=D(2024, 11, 18))
    client.force_login(viewer)
    page = client.get(question.get_absolute_url()).content.decode()
    assert "18 November 2024" in page and "20 November 2024" in page  # due, on time by
    assert "Overdue by" in page
    listing = client.get("/questions/").content.decode()
    assert "Overdue by" in listing
