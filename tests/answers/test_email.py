"""The morning digest and the question page's panel."""

from __future__ import annotations

import datetime

import pytest

from pqtracker.answers import digest, panels
from pqtracker.parliament.extensions import question_panels

pytestmark = pytest.mark.django_db


def test_the_digest_goes_on_working_days_once(new_case, pq_team, mailoutbox):
    monday, saturday = datetime.date(2024, 11, 18), datetime.date(2024, 11, 16)
    christmas = datetime.date(2024, 12, 25)
    assert not digest.send_morning_digest(today=saturday)
    assert not digest.send_morning_digest(today=christmas)
    assert digest.send_morning_digest(today=monday)
    assert not digest.send_morning_digest(today=monday)
    assert len(mailoutbox) == 1 and mailoutbox[0].to == [pq_team.email]
    assert new_case.question.uin in mailoutbox[0].body


def test_no_digest_when_nothing_waits(pq_team, mailoutbox):
    assert not digest.send_morning_digest(today=datetime.date(2024, 11, 18))


def test_the_question_page_panel_shows_only_to_those_who_see_the_case(
    rf, commissioned, pq_team, viewer, drafter_b
):
    assert "answers-case" in {p.key for p in question_panels()}
    for user, shown in ((pq_team, True), (viewer, False), (drafter_b, False)):
        request = rf.get("/")
        request.user = user
        assert (panels.case_panel(request, commissioned.question) is not None) is shown
