"""Cases at each stage, built through the services so each fixture is a real history."""

from __future__ import annotations

import datetime

import pytest

from pqtracker.answers import services
from pqtracker.answers.intake import take_in
from pqtracker.answers.models import Case, DraftVersion
from tests.factories import AnsweringBodyFactory, WrittenQuestionFactory

DUE = datetime.date(2024, 11, 18)  # a Monday


@pytest.fixture
def question(db):  # type: ignore[no-untyped-def]
    return WrittenQuestionFactory(
        answering_body=AnsweringBodyFactory(parliament_id=60), date_for_answer=DUE
    )


@pytest.fixture
def new_case(question):  # type: ignore[no-untyped-def]
    (case,) = take_in(question_ids=[question.pk], new_question_ids=[question.pk])
    return case


def save_draft(case: Case, user, text: str = "The department publishes these figures."):  # type: ignore[no-untyped-def]
    """A version as the drafting services would write it (they own saving; this is the shape)."""
    number = case.latest_version + 1
    DraftVersion.objects.create(
        case=case,
        number=number,
        answer_text=text,
        author=user,
        based_on=case.latest_version or None,
    )
    Case.objects.filter(pk=case.pk).update(latest_version=number)
    case.refresh_from_db()
    return number


@pytest.fixture
def commissioned(new_case, pq_team, team_a, drafter_a, drafter_a2):  # type: ignore[no-untyped-def]
    assert services.commission(
        case=new_case, actor=pq_team, team=team_a, candidates=[drafter_a, drafter_a2]
    )
    return new_case


@pytest.fixture
def accepted(commissioned, drafter_a):  # type: ignore[no-untyped-def]
    assert services.accept(case=commissioned, actor=drafter_a)
    return commissioned


@pytest.fixture
def drafting(accepted, drafter_a):  # type: ignore[no-untyped-def]
    assert services.start_drafting(case=accepted, actor=drafter_a)
    save_draft(accepted, drafter_a)
    return accepted


@pytest.fixture
def in_clearance(drafting, drafter_a, clearance_chain):  # type: ignore[no-untyped-def]
    assert services.send_to_clearance(case=drafting, actor=drafter_a)
    return drafting


@pytest.fixture
def cleared(in_clearance, clearer):  # type: ignore[no-untyped-def]
    while (step := services.current_step(in_clearance)) is not None:
        assert services.approve_step(step=step, actor=clearer)
    in_clearance.refresh_from_db()
    return in_clearance
