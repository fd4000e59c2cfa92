"""Intake, commissioning, accept/reject, reassignment, transfer out and escalation."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from pqtracker.answers import services
from pqtracker.answers.intake import take_in
from pqtracker.answers.models import (
    Candidate,
    CandidateState,
    Case,
    CaseStatus,
    Notification,
    RejectReason,
    StageTime,
)
from pqtracker.audit.models import AuditEvent
from pqtracker.parliament.signals import questions_written
from tests.answers.conftest import DUE
from tests.factories import (
    AnsweringBodyFactory,
    GovernmentPostFactory,
    MemberFactory,
    QuestionChangeFactory,
    WrittenQuestionFactory,
)

pytestmark = pytest.mark.django_db


def test_departmental_questions_land_in_new_once(question):
    other = WrittenQuestionFactory(
        answering_body=AnsweringBodyFactory(parliament_id=17, name="Department of Health")
    )
    questions_written.send(sender=None, question_ids=[question.pk, other.pk], new_question_ids=[])
    questions_written.send(sender=None, question_ids=[question.pk], new_question_ids=[])
    case = Case.objects.get()
    assert case.question == question and case.status == CaseStatus.NEW
    assert case.transferred_in_at is None
    assert StageTime.objects.get(case=case).status == CaseStatus.NEW


def test_a_transfer_in_lands_in_new_keeping_its_date_for_answer(question):
    QuestionChangeFactory(question=question, field="answering_body", new_value="60")
    (case,) = take_in(question_ids=[question.pk], new_question_ids=[])
    assert case.transferred_in_at is not None
    question.refresh_from_db()
    assert question.date_for_answer == DUE


def test_the_importer_brings_questions_into_the_workflow(question, settings):
    settings.DEPARTMENT_ANSWERING_BODY_IDS = [99]
    assert take_in(question_ids=[question.pk]) == []


def test_commission_offers_the_question_with_a_default_internal_deadline(
    new_case, pq_team, team_a, drafter_a, drafter_a2
):
    assert services.commission(
        case=new_case, actor=pq_team, team=team_a, candidates=[drafter_a, drafter_a2]
    )
    new_case.refresh_from_db()
    assert new_case.status == CaseStatus.COMMISSIONED
    assert new_case.policy_team == team_a
    # Two working days before Monday 18 November 2024 (the commission is "late": today is later,
    # so the deadline is the later of the two).
    assert new_case.internal_deadline >= datetime.date(2024, 11, 14)
    assert set(new_case.candidates.values_list("user__username", "state")) == {
        ("drafter", "offered"),
        ("drafter_a2", "offered"),
    }
    assert AuditEvent.objects.filter(verb="answers.commissioned", target_id=str(new_case.pk))


def test_default_deadline_counts_working_days_back_from_the_date_for_answer(new_case):
    deadline = services.default_deadline(new_case, today=datetime.date(2024, 11, 1))
    assert deadline == datetime.date(2024, 11, 14)  # Thu: Fri 15 and Mon 18 are the two days


def test_commissioning_twice_does_nothing_the_second_time(commissioned, pq_team, team_a, drafter_a):
    assert not services.commission(
        case=commissioned, actor=pq_team, team=team_a, candidates=[drafter_a]
    )
    assert commissioned.candidates.count() == 2


def test_only_the_pq_team_commissions(new_case, drafter_a, team_a):
    with pytest.raises(PermissionDenied):
        services.commission(case=new_case, actor=drafter_a, team=team_a, candidates=[drafter_a])
    new_case.refresh_from_db()
    assert new_case.status == CaseStatus.NEW


def test_candidates_must_be_in_the_team(new_case, pq_team, team_a, drafter_b):
    with pytest.raises(ValidationError) as err:
        services.commission(case=new_case, actor=pq_team, team=team_a, candidates=[drafter_b])
    assert "candidates" in err.value.message_dict
    with pytest.raises(ValidationError):
        services.commission(case=new_case, actor=pq_team, team=team_a, candidates=[])


def test_bulk_commission_moves_every_selected_case(pq_team, team_a, drafter_a):
    body = AnsweringBodyFactory(parliament_id=60)
    questions = [WrittenQuestionFactory(answering_body=body) for _ in range(3)]
    cases = take_in(question_ids=[q.pk for q in questions])
    moved = services.bulk_commission(
        cases=cases, actor=pq_team, team=team_a, candidates=[drafter_a]
    )
    assert len(moved) == 3
    assert set(Case.objects.values_list("status", flat=True)) == {CaseStatus.COMMISSIONED}


def test_ministers_are_offered_from_posts_in_force_on_the_due_date(new_case):
    body = AnsweringBodyFactory(parliament_id=60)
    now = MemberFactory(name_display="Catherine McKinnell")
    gone = MemberFactory(name_display="Former Minister")
    GovernmentPostFactory(member=now, answering_body=body, start_date=datetime.date(2024, 7, 9))
    GovernmentPostFactory(
        member=gone,
        answering_body=body,
        start_date=datetime.date(2023, 1, 1),
        end_date=datetime.date(2024, 7, 5),
    )
    assert services.minister_choices(DUE) == [now]


def test_accept_releases_the_other_candidates(commissioned, drafter_a, drafter_a2):
    assert services.accept(case=commissioned, actor=drafter_a)
    commissioned.refresh_from_db()
    assert commissioned.status == CaseStatus.ACCEPTED
    assert commissioned.action_officer == drafter_a and commissioned.holder == drafter_a
    states = dict(commissioned.candidates.values_list("user__username", "state"))
    assert states == {"drafter": "accepted", "drafter_a2": "released"}
    # A second click, or the released candidate a moment later, does nothing.
    assert not services.accept(case=commissioned, actor=drafter_a)
    assert not services.accept(case=commissioned, actor=drafter_a2)
    commissioned.refresh_from_db()
    assert commissioned.action_officer == drafter_a


def test_someone_never_offered_cannot_accept(commissioned, drafter_b):
    with pytest.raises(PermissionDenied):
        services.accept(case=commissioned, actor=drafter_b)


def test_reject_needs_a_reason_code_and_text(commissioned, drafter_a):
    with pytest.raises(ValidationError) as err:
        services.reject(case=commissioned, actor=drafter_a, reason_code="", reason_text=" ")
    assert set(err.value.message_dict) == {"reason_code", "reason_text"}
    assert commissioned.candidates.filter(state=CandidateState.OFFERED).count() == 2


def test_the_last_rejection_returns_the_case_to_the_pq_team_and_history_stays(
    commissioned, drafter_a, drafter_a2, pq_team, team_b, drafter_b
):
    assert services.reject(
        case=commissioned,
        actor=drafter_a,
        reason_code=RejectReason.OTHER_DIVISION,
        reason_text="Funding division answers this",
    )
    commissioned.refresh_from_db()
    assert commissioned.status == CaseStatus.COMMISSIONED  # drafter_a2 may still accept
    assert not services.reject(
        case=commissioned, actor=drafter_a, reason_code="same_team", reason_text="again"
    )
    assert services.reject(
        case=commissioned, actor=drafter_a2, reason_code="other_division", reason_text="Funding"
    )
    commissioned.refresh_from_db()
    assert commissioned.status == CaseStatus.REJECTED
    assert services.reassign(case=commissioned, actor=pq_team, team=team_b, candidates=[drafter_b])
    commissioned.refresh_from_db()
    assert commissioned.status == CaseStatus.COMMISSIONED and commissioned.policy_team == team_b
    rejected = Candidate.objects.filter(case=commissioned, state=CandidateState.REJECTED)
    assert rejected.count() == 2
    assert rejected.get(user=drafter_a).reason_text == "Funding division answers this"


def test_reassign_with_a_stale_form_does_nothing(accepted, pq_team, team_b, drafter_b):
    seen = accepted.status_since
    assert services.reassign(
        case=accepted, actor=pq_team, team=team_b, candidates=[drafter_b], since=seen
    )
    assert not services.reassign(
        case=accepted, actor=pq_team, team=team_b, candidates=[drafter_b], since=seen
    )
    assert accepted.candidates.filter(state=CandidateState.OFFERED).count() == 1


def test_transfer_out_closes_the_case_locally(commissioned, pq_team, drafter_a):
    with pytest.raises(ValidationError):
        services.transfer_out(case=commissioned, actor=pq_team, department=" ")
    with pytest.raises(PermissionDenied):
        services.transfer_out(case=commissioned, actor=drafter_a, department="DHSC")
    assert services.transfer_out(
        case=commissioned, actor=pq_team, department="DHSC", on=datetime.date(2024, 11, 14)
    )
    commissioned.refresh_from_db()
    assert commissioned.status == CaseStatus.TRANSFERRED_OUT
    assert commissioned.transferred_to == "DHSC"
    assert commissioned.transferred_at.date() == datetime.date(2024, 11, 14)
    assert not commissioned.candidates.filter(state=CandidateState.OFFERED).exists()
    assert not services.transfer_out(case=commissioned, actor=pq_team, department="DHSC")


def test_escalation_run_twice_sends_one_email(
    commissioned, pq_team, mailoutbox, django_capture_on_commit_callbacks
):
    later = datetime.date.today() + datetime.timedelta(days=7)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.escalate_unclaimed(today=later) == 1
    with django_capture_on_commit_callbacks(execute=True):
        assert services.escalate_unclaimed(today=later) == 0
    escalations = [m for m in mailoutbox if "not yet accepted" in m.subject]
    assert len(escalations) == 1 and escalations[0].to == [pq_team.email]
    assert Notification.objects.filter(kind="escalated").count() == 1


def test_escalation_waits_for_the_set_time(commissioned):
    assert services.escalate_unclaimed(today=datetime.date.today()) == 0


def test_commission_emails_each_candidate_with_signed_links(
    new_case, pq_team, team_a, drafter_a, drafter_a2, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.commission(
            case=new_case, actor=pq_team, team=team_a, candidates=[drafter_a, drafter_a2]
        )
    assert sorted(m.to[0] for m in mailoutbox) == [drafter_a.email, drafter_a2.email]
    assert "/answers/link/" in mailoutbox[0].body


def test_stage_times_record_every_stage(accepted):
    stages = list(StageTime.objects.filter(case=accepted).values_list("status", "left_at"))
    assert [s for s, _ in stages] == ["new", "commissioned", "accepted"]
    assert [left is None for _, left in stages] == [False, False, True]
