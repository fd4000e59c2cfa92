"""The dashboard, statistics and calendar pages: permissions, content, CSV, htmx partials and a
bounded number of queries whatever the number of open questions."""

from __future__ import annotations

import csv
import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from pqtracker.calendar.models import CalendarDay, Recess
from pqtracker.deadlines.dashboard import Window
from pqtracker.parliament import member_select, rendered_forms
from tests.deadlines.conftest import TODAY
from tests.factories import AnsweringBodyFactory, WrittenQuestionFactory, answered_question

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("on_a_wednesday")]
D = datetime.date


def open_question(body, due: datetime.date, **kwargs):  # type: ignore[no-untyped-def]
    return WrittenQuestionFactory(
        answering_body=body,
        date_tabled=due - datetime.timedelta(days=5),
        date_for_answer=due,
        **kwargs,
    )


def test_window_tomorrow_is_the_next_working_day():
    friday = Window.for_day(D(2026, 12, 4))
    assert friday.tomorrow == D(2026, 12, 7) and friday.week_end == D(2026, 12, 6)
    assert Window.for_day(D(2026, 12, 24)).tomorrow == D(2026, 12, 29)  # Christmas, Boxing Day


def test_dashboard_needs_view_deadlines(client, viewer, clerk):  # type: ignore[no-untyped-def]
    client.force_login(viewer)
    assert client.get("/deadlines/").status_code == 403
    assert client.get("/deadlines/statistics/").status_code == 403
    client.force_login(clerk)
    assert client.get("/deadlines/").status_code == 200


def test_dashboard_buckets_and_lists(client, clerk, dfe):  # type: ignore[no-untyped-def]
    overdue = open_question(dfe, D(2026, 11, 30), heading="Overdue one")
    today = open_question(dfe, TODAY, heading="Due today one", is_named_day=True)
    tomorrow = open_question(dfe, D(2026, 12, 3), heading="Tomorrow one")
    week = open_question(dfe, D(2026, 12, 4), heading="Friday one")
    open_question(dfe, D(2026, 12, 10), heading="Next week one")
    open_question(AnsweringBodyFactory(parliament_id=17, name="Health"), TODAY, heading="Other")
    answered_question(answering_body=dfe, date_for_answer=TODAY)  # not open
    client.force_login(clerk)

    response = client.get("/deadlines/")
    page = response.content.decode()
    assert response["Vary"].count("HX-Request") == 1
    counts = {
        key: response.context["buckets"][i][2]
        for i, (key, _, _) in enumerate(response.context["buckets"])
    }
    assert counts == {"overdue": 1, "today": 1, "tomorrow": 1, "week": 1, "later": 1}
    lists = {key: [q.pk for q in questions] for key, _, _, questions in response.context["lists"]}
    assert lists == {
        "overdue": [overdue.pk],
        "today": [today.pk],
        "tomorrow": [tomorrow.pk],
        "week": [week.pk],
    }
    assert "Other" not in page  # another department's question
    assert "Past due, on time until today" in page  # due 30 Nov, tabled 25 Nov

    # The question list's filters apply: named day questions only.
    filtered = client.get("/deadlines/", {"named_day": "yes"})
    assert filtered.context["total"] == 1
    # htmx (the filters and the poll) gets the board alone.
    partial = client.get("/deadlines/", headers={"HX-Request": "true"}).content.decode()
    assert "<h1" not in partial and 'id="buckets"' in partial


def test_dashboard_csv_lists_every_open_question(client, clerk, dfe):  # type: ignore[no-untyped-def]
    for day in (D(2026, 11, 30), TODAY, D(2026, 12, 10)):
        open_question(dfe, day)
    client.force_login(clerk)
    response = client.get("/deadlines/", {"format": "csv"})
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert [row["due"] for row in rows] == ["2026-11-30", "2026-12-02", "2026-12-10"]
    assert rows[1]["state"] == "Due today" and rows[0]["working_days_left"] == "-2"


@pytest.mark.parametrize("persona", ["clerk", "pq_team"])
@pytest.mark.parametrize("open_count", [10, 1000])
def test_dashboard_queries_do_not_grow_with_open_questions(  # type: ignore[no-untyped-def]
    client, request, dfe, open_count, persona, monkeypatch
):
    from tests.factories import CaseFactory, PolicyTeamFactory

    questions = WrittenQuestionFactory.create_batch(
        open_count, answering_body=dfe, date_tabled=D(2026, 11, 25), date_for_answer=TODAY
    )
    # Half of them in the workflow, with a team and a holder, as the lists show them.
    team = PolicyTeamFactory(name="SEND Policy")
    user = request.getfixturevalue(persona)
    for question in questions[::2]:
        CaseFactory(question=question, status="drafting", policy_team=team, holder=user)
    client.force_login(user)
    client.get("/deadlines/")  # warm the session
    # First in a new process: the filter form drawn and its member choices read.
    monkeypatch.setattr(rendered_forms, "_kept", rendered_forms.OrderedDict())
    monkeypatch.setattr(member_select, "_kept_choices", {})
    with CaptureQueriesContext(connection) as first:
        response = client.get("/deadlines/")
    assert response.status_code == 200 and response.context["total"] == open_count
    with CaptureQueriesContext(connection) as later:
        assert client.get("/deadlines/").status_code == 200
    # The user (the session and roles are in the cache: ADR 20), the department's bodies, the
    # counts, the lists' keys and their rows; the PQ team's bulk actions add the memberships. The
    # target (bench/dashboard_bench.py, a warm process) is 12. A new process reads the selects'
    # choices once as well (askers, answerers, departments: kept under the record's generation).
    count = {"clerk": 5, "pq_team": 6}[persona]
    assert len(later) == count, "\n".join(q["sql"][:150] for q in later)
    assert len(first) == count + 3, "\n".join(q["sql"][:150] for q in first)


def test_statistics_page_and_csv(client, clerk, dfe):  # type: ignore[no-untyped-def]
    answered_question(
        answering_body=dfe, date_tabled=D(2024, 11, 13), answer__date_answered=D(2024, 11, 20)
    )
    client.force_login(clerk)
    page = client.get("/deadlines/statistics/").content.decode()
    assert "<svg" in page and "85% target" in page and "as a table" in page
    response = client.get("/deadlines/statistics/", {"csv": "month"})
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[1][:5] == ["Nov 2024", "1", "1", "0", "100.0"]


def test_calendar_page_edits_need_edit_calendar(client, clerk, pq_team):  # type: ignore[no-untyped-def]
    form = {"action": "add-recess", "house": "Commons", "name": "February recess",
            "start": "12/02/2027", "end": "21/02/2027"}  # fmt: skip
    client.force_login(clerk)
    assert client.get("/deadlines/calendar/").status_code == 200
    assert client.post("/deadlines/calendar/", form).status_code == 403
    client.force_login(pq_team)
    assert client.post("/deadlines/calendar/", form).status_code == 302
    assert Recess.objects.filter(house="Commons", start=D(2027, 2, 12)).exists()
    # Overlapping dates: a clear error naming the field, nothing saved.
    bad = client.post("/deadlines/calendar/", {**form, "name": "Again"})
    assert bad.status_code == 200 and "overlap" in bad.content.decode()
    day = {"action": "set-day", "house": "Lords", "date": "2027-03-05", "sits": "yes"}
    assert client.post("/deadlines/calendar/", day).status_code == 302
    assert CalendarDay.objects.get(house="Lords").sits is True


def test_the_filter_form_is_drawn_once_per_address(client, clerk, dfe, monkeypatch):  # type: ignore[no-untyped-def]
    monkeypatch.setattr(rendered_forms, "_kept", rendered_forms.OrderedDict())
    drawn = []
    real = rendered_forms.render_crispy_form

    def counted(*args, **kwargs):  # type: ignore[no-untyped-def]
        drawn.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(rendered_forms, "render_crispy_form", counted)
    client.force_login(clerk)
    for _ in range(2):
        page = client.get("/deadlines/").content.decode()
        assert 'id="question-filters"' in page and 'action="/deadlines/"' in page
    assert len(drawn) == 1
    # The question list's form (sending elsewhere) is not the dashboard's.
    assert 'action="/deadlines/"' not in client.get("/questions/").content.decode()
    assert len(drawn) == 2
    # Another address, and an address with an error, are drawn for themselves.
    bad = client.get("/deadlines/", {"tabled_from": "31/02/2026"}).content.decode()
    assert "must be a real date" in bad and len(drawn) == 3
    # The board alone (htmx) does not draw it.
    client.get("/deadlines/", {"house": "Lords"}, headers={"HX-Request": "true"})
    assert len(drawn) == 3
