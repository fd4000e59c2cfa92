"""Drafting to clearance, each step's approval or return, submission and the published answer."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from pqtracker.answers import services
from pqtracker.answers.models import (
    AnswerType,
    Case,
    CaseStatus,
    ClearanceStep,
    ClearanceStepDefinition,
    StageTime,
)
from pqtracker.answers.permissions import can_edit_draft
from tests.answers.conftest import save_draft
from tests.factories import AnswerFactory

pytestmark = pytest.mark.django_db


def test_start_drafting_once(accepted, drafter_a, drafter_b):
    with pytest.raises(PermissionDenied):
        services.start_drafting(case=accepted, actor=drafter_b)
    assert services.start_drafting(case=accepted, actor=drafter_a)
    assert not services.start_drafting(case=accepted, actor=drafter_a)
    assert accepted.status == CaseStatus.DRAFTING


def test_sending_to_clearance_needs_a_saved_draft(accepted, drafter_a, clearance_chain):
    services.start_drafting(case=accepted, actor=drafter_a)
    with pytest.raises(ValidationError):
        services.send_to_clearance(case=accepted, actor=drafter_a)


def test_clearance_opens_the_configured_chain_and_freezes_the_draft(
    drafting, drafter_a, drafter_b, clearer, clearance_chain
):
    with pytest.raises(PermissionDenied):
        services.send_to_clearance(case=drafting, actor=drafter_b)
    optional = ClearanceStepDefinition.objects.get(name="Press office")
    assert services.send_to_clearance(
        case=drafting, actor=drafter_a, optional_step_ids=[optional.pk]
    )
    assert not services.send_to_clearance(case=drafting, actor=drafter_a)
    assert drafting.status == CaseStatus.IN_CLEARANCE
    names = list(drafting.clearance_steps.values_list("name", flat=True))
    assert names == [
        "Deputy Director",
        "Press office",
        "Special Adviser",
        "Private Office",
        "Minister",
    ]
    assert drafting.holder == clearer
    assert not can_edit_draft(drafter_a, drafting)


def test_steps_approve_in_order_and_the_last_clears(in_clearance, clearer, clearer_b, pq_team):
    first, second = in_clearance.clearance_steps.order_by("order")[:2]
    with pytest.raises(PermissionDenied):
        services.approve_step(step=first, actor=clearer_b)
    assert not services.approve_step(step=second, actor=clearer)  # not its turn
    assert services.approve_step(step=first, actor=clearer, comment="Fine")
    first.refresh_from_db()
    assert not services.approve_step(step=first, actor=pq_team)  # a second click
    while (step := services.current_step(in_clearance)) is not None:
        assert services.approve_step(step=step, actor=clearer)
    in_clearance.refresh_from_db()
    assert in_clearance.status == CaseStatus.CLEARED
    assert in_clearance.cleared_version == 1 and in_clearance.holder is None


def test_a_return_makes_the_draft_editable_and_a_resend_opens_round_two(
    in_clearance, clearer, drafter_a, mailoutbox, django_capture_on_commit_callbacks
):
    step = services.current_step(in_clearance)
    with pytest.raises(ValidationError):
        services.return_step(step=step, actor=clearer, comment="  ")
    with django_capture_on_commit_callbacks(execute=True):
        assert services.return_step(step=step, actor=clearer, comment="Add the 2023 figure")
    in_clearance.refresh_from_db()
    assert in_clearance.status == CaseStatus.DRAFTING
    assert in_clearance.holder == drafter_a
    assert can_edit_draft(drafter_a, in_clearance)
    assert set(in_clearance.clearance_steps.values_list("state", flat=True)) == {
        "returned",
        "skipped",
    }
    assert [m.to for m in mailoutbox if "returned" in m.subject] == [[drafter_a.email]]
    save_draft(in_clearance, drafter_a, "With the 2023 figure.")
    assert services.send_to_clearance(case=in_clearance, actor=drafter_a)
    assert in_clearance.clearance_round == 2
    assert ClearanceStep.objects.filter(case=in_clearance, round=2, state="pending").count() == 4


def test_submit_only_by_the_pq_team_and_once(cleared, pq_team, drafter_a):
    with pytest.raises(PermissionDenied):
        services.submit(case=cleared, actor=drafter_a)
    assert services.submit(case=cleared, actor=pq_team)
    assert not services.submit(case=cleared, actor=pq_team)
    assert cleared.status == CaseStatus.SUBMITTED and cleared.submitted_by == pq_team


def test_submit_refused_before_clearance(drafting, pq_team):
    assert not services.submit(case=drafting, actor=pq_team)
    assert Case.objects.get(pk=drafting.pk).status == CaseStatus.DRAFTING


def test_a_holding_answer_keeps_the_question_open(cleared, pq_team, drafter_a):
    due = cleared.question.date_for_answer
    assert services.submit(case=cleared, actor=pq_team, answer_type=AnswerType.HOLDING)
    assert cleared.status == CaseStatus.HOLDING
    cleared.question.refresh_from_db()
    assert cleared.question.date_for_answer == due
    assert services.start_drafting(case=cleared, actor=drafter_a)  # the substantive answer


def test_i_will_write_needs_a_follow_up_date_and_records_the_letter(cleared, pq_team):
    with pytest.raises(ValidationError):
        services.submit(case=cleared, actor=pq_team, answer_type=AnswerType.WILL_WRITE)
    due = datetime.date(2024, 12, 2)
    assert services.submit(
        case=cleared, actor=pq_team, answer_type=AnswerType.WILL_WRITE, follow_up_due=due
    )
    assert cleared.follow_up_due == due
    assert services.record_letter_sent(case=cleared, actor=pq_team)
    assert not services.record_letter_sent(case=cleared, actor=pq_team)


def test_the_published_answer_is_linked_and_marks_the_case_answered(cleared, pq_team):
    services.submit(case=cleared, actor=pq_team)
    holding = AnswerFactory(question=cleared.question, is_holding=True, is_current=True)
    assert services.link_published_answers(question_ids=[cleared.question_id]) == 0
    holding.is_current = False
    holding.superseded_at = holding.recorded_at
    holding.save()
    answer = AnswerFactory(question=cleared.question, answer_text="The figures differ.")
    assert services.link_published_answers(question_ids=[cleared.question_id]) == 1
    assert services.link_published_answers(question_ids=[cleared.question_id]) == 0
    cleared.refresh_from_db()
    assert cleared.status == CaseStatus.ANSWERED and cleared.published_answer == answer
    assert services.cleared_text(cleared) == "The department publishes these figures."


def test_delay_reason_from_the_list(drafting, drafter_a, drafter_b):
    with pytest.raises(ValidationError):
        services.set_delay_reason(case=drafting, actor=drafter_a, reason="lazy")
    with pytest.raises(PermissionDenied):
        services.set_delay_reason(case=drafting, actor=drafter_b, reason="data")
    services.set_delay_reason(case=drafting, actor=drafter_a, reason="data", note="SEN2 late")
    assert drafting.delay_reason == "data"


def test_every_stage_has_its_time(cleared, pq_team):
    services.submit(case=cleared, actor=pq_team)
    assert list(StageTime.objects.filter(case=cleared).values_list("status", flat=True)) == [
        "new",
        "commissioned",
        "accepted",
        "drafting",
        "in_clearance",
        "cleared",
        "submitted",
    ]
