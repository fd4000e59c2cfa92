"""The public record's changes reach the workflow: a question withdrawn, transferred out or back
in, as the importer writes it (both its write paths), closes or reopens the case."""

from __future__ import annotations

import dataclasses
import datetime

import pytest

from pqtracker.answers import drafting, services
from pqtracker.answers.models import (
    CandidateState,
    Case,
    CaseStatus,
    ClearanceStepState,
)
from pqtracker.audit.models import AuditEvent
from pqtracker.parliament.batch import upsert_questions
from pqtracker.parliament.models import QuestionChange
from pqtracker.parliament.records import BodyRef, MemberRef, QuestionRecord
from pqtracker.parliament.services import mark_withdrawn, upsert_question
from tests.answers.conftest import DUE

pytestmark = pytest.mark.django_db

DFE = BodyRef(60, "Department for Education")
DHSC = BodyRef(17, "Department of Health and Social Care")

RECORD = QuestionRecord(
    uin="12345",
    house="Commons",
    date_tabled=datetime.date(2024, 11, 14),
    date_for_answer=DUE,
    question_text="To ask the Secretary of State for Education, how many EHCPs were issued.",
    parliament_id=1_700_001,
    asking_member=MemberRef(4001, "Jo Smith"),
    answering_body=DFE,
)


def _case_of(record: QuestionRecord) -> Case:
    return Case.objects.select_related("question").get(question__uin=record.uin)


def _events(case: Case, verb: str) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(target_id=str(case.pk), verb=verb))


@pytest.fixture
def in_clearance_by_import(pq_team, team_a, drafter_a, clearance_chain):  # type: ignore[no-untyped-def]
    upsert_question(record=RECORD)
    case = _case_of(RECORD)
    services.commission(case=case, actor=pq_team, team=team_a, candidates=[drafter_a])
    services.accept(case=case, actor=drafter_a)
    drafting.save_version(
        case=case,
        user=drafter_a,
        answer_text="The department publishes these figures.",
        background_note="",
        answer_type="substantive",
        base_number=0,
    )
    case.refresh_from_db()
    assert services.send_to_clearance(case=case, actor=drafter_a)
    case.refresh_from_db()
    assert case.holder is not None
    return case


@pytest.mark.parametrize("path", ["single", "batch"])
def test_a_question_withdrawn_in_the_record_closes_its_case(in_clearance_by_import, path):
    case = in_clearance_by_import
    withdrawn = dataclasses.replace(RECORD, is_withdrawn=True)
    if path == "single":
        upsert_question(record=withdrawn)
    else:
        upsert_questions(records=[withdrawn])
    case.refresh_from_db()
    assert case.status == CaseStatus.WITHDRAWN
    assert case.holder is None
    assert services.current_step(case) is None
    assert not case.clearance_steps.filter(state=ClearanceStepState.PENDING).exists()
    (event,) = _events(case, "answers.withdrawn")
    assert event.actor is None and event.data["was"] == "In clearance"
    # Nobody keeps drafting it: the editor refuses.
    with pytest.raises(drafting.NotEditable):
        drafting.save_version(
            case=case,
            user=case.action_officer,
            answer_text="More.",
            background_note="",
            answer_type="substantive",
            base_number=case.latest_version,
        )
    # The record seen again changes nothing.
    upsert_question(record=withdrawn)
    assert len(_events(case, "answers.withdrawn")) == 1


def test_mark_withdrawn_closes_the_case_and_releases_open_offers(
    pq_team, team_a, drafter_a, drafter_a2
):
    result = upsert_question(record=RECORD)
    case = _case_of(RECORD)
    services.commission(case=case, actor=pq_team, team=team_a, candidates=[drafter_a, drafter_a2])
    assert mark_withdrawn(question=result.question, source=QuestionChange.Source.API)
    case.refresh_from_db()
    assert case.status == CaseStatus.WITHDRAWN
    assert not case.candidates.filter(state=CandidateState.OFFERED).exists()
    # Offers gone: the accept link and button do nothing.
    assert not services.accept(case=case, actor=drafter_a)


def test_the_case_page_and_lists_show_the_withdrawal(client, in_clearance_by_import, pq_team):
    case = in_clearance_by_import
    upsert_question(record=dataclasses.replace(RECORD, is_withdrawn=True))
    client.force_login(pq_team)
    page = client.get(case.get_absolute_url()).content.decode()
    assert "Withdrawn" in page and "Nobody (withdrawn by the Member)" in page
    assert "withdrawn by the system" in page
    # Gone from everybody's work.
    assert case.question.uin not in client.get("/answers/").content.decode()


@pytest.mark.parametrize("path", ["single", "batch"])
def test_a_transfer_to_another_department_closes_the_case(in_clearance_by_import, path):
    case = in_clearance_by_import
    moved = dataclasses.replace(RECORD, answering_body=DHSC)
    if path == "single":
        upsert_question(record=moved)
    else:
        upsert_questions(records=[moved])
    case.refresh_from_db()
    assert case.status == CaseStatus.TRANSFERRED_OUT
    assert case.transferred_to == "Department of Health and Social Care"
    assert case.transferred_at is not None and case.holder is None
    (event,) = _events(case, "answers.transferred_out")
    assert event.actor is None and event.data["department"] == DHSC.name


def test_a_question_transferred_back_reopens_in_new_keeping_its_date(in_clearance_by_import):
    case = in_clearance_by_import
    upsert_question(record=dataclasses.replace(RECORD, answering_body=DHSC))
    upsert_question(record=RECORD)
    case.refresh_from_db()
    assert case.status == CaseStatus.NEW
    assert case.transferred_in_at is not None and case.transferred_to == ""
    assert case.question.date_for_answer == DUE
    assert case.latest_version == 1  # the drafts stay
    assert len(_events(case, "answers.transferred_in")) == 1


def test_a_transfer_out_by_the_pq_team_stays_closed_while_the_record_lags(
    in_clearance_by_import, pq_team
):
    """Parliament moves the question some time after the PQ team transfers it: until then the
    record still names the department, and seeing it again must not reopen the case."""
    case = in_clearance_by_import
    assert services.transfer_out(case=case, actor=pq_team, department="DHSC")
    upsert_question(record=dataclasses.replace(RECORD, heading="Special Educational Needs"))
    case.refresh_from_db()
    assert case.status == CaseStatus.TRANSFERRED_OUT
    assert not case.clearance_steps.filter(state=ClearanceStepState.PENDING).exists()


def test_an_answered_case_is_not_reopened_or_closed(in_clearance_by_import):
    case = in_clearance_by_import
    Case.objects.filter(pk=case.pk).update(status=CaseStatus.ANSWERED)
    upsert_question(record=dataclasses.replace(RECORD, is_withdrawn=True))
    case.refresh_from_db()
    assert case.status == CaseStatus.ANSWERED
