"""The dashboard's bulk actions: reassign, move internal deadlines, send reminders now; the PQ
team only, each case checked, all or nothing (or a result per row for emails), clear errors;
and the dashboard's counts by team and minister."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from pqtracker.answers.models import Candidate, Case
from pqtracker.audit.models import AuditEvent
from tests.deadlines.conftest import TODAY
from tests.factories import (
    CaseFactory,
    MemberFactory,
    WrittenQuestionFactory,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("on_a_wednesday")]
D = datetime.date


def seen() -> str:
    return timezone.now().isoformat()


def make_case(dfe, status="drafting", **kwargs):  # type: ignore[no-untyped-def]
    question = WrittenQuestionFactory(
        answering_body=dfe, date_tabled=D(2026, 11, 30), date_for_answer=D(2026, 12, 4)
    )
    return CaseFactory(
        question=question,
        status=status,
        status_since=timezone.now() - datetime.timedelta(hours=1),
        **kwargs,
    )


@pytest.fixture
def cases(dfe, team_a, drafter_a):  # type: ignore[no-untyped-def]
    return [
        make_case(dfe, "new"),
        make_case(
            dfe,
            "drafting",
            policy_team=team_a,
            action_officer=drafter_a,
            holder=drafter_a,
            internal_deadline=D(2026, 12, 3),
        ),
    ]


def post(client, cases, **data):  # type: ignore[no-untyped-def]
    return client.post(
        "/deadlines/bulk/",
        {"question": [c.question_id for c in cases], "seen_at": seen(), **data},
    )


def test_only_the_pq_team_acts(client, clerk, drafter_a, cases, team_a, monkeypatch):
    from pqtracker.deadlines import bulk, reminders

    called = []
    monkeypatch.setattr(reminders, "send_reminders_now", lambda **kw: called.append(kw))
    for user in (clerk, drafter_a):
        client.force_login(user)
        assert post(client, cases, action="remind").status_code == 403
    assert called == []  # refused by the view before any service ran
    monkeypatch.undo()
    # The services refuse too, whoever calls them.
    with pytest.raises(bulk.PermissionDenied):
        bulk.reassign(
            cases=cases, actor=clerk, team=team_a, officers=[drafter_a], seen_at=timezone.now()
        )
    with pytest.raises(bulk.PermissionDenied):
        bulk.change_deadlines(cases=cases, actor=drafter_a, deadline=TODAY)
    with pytest.raises(reminders.PermissionDenied):
        reminders.send_reminders_now(cases=cases, actor=clerk)
    assert mail.outbox == [] and not AuditEvent.objects.exists()


def test_reassign_refuses_someone_outside_the_pq_team_before_reading_the_rows(
    clerk, dfe, drafter_a, cases, team_a
):
    """Refused first, not after the row checks: a batch with a case that cannot be reassigned
    must not tell a clerk which one, or why (answers' services would refuse only later)."""
    from pqtracker.deadlines import bulk

    submitted = make_case(dfe, "submitted")
    with pytest.raises(bulk.PermissionDenied):
        bulk.reassign(
            cases=[*cases, submitted],
            actor=clerk,
            team=team_a,
            officers=[drafter_a],
            seen_at=timezone.now(),
        )


def test_reassign_commissions_new_and_reassigns_the_rest(client, pq_team, cases, team_b, drafter_b):
    client.force_login(pq_team)
    response = post(client, cases, action="reassign", team=team_b.pk, officer=drafter_b.pk)
    assert response.status_code == 200, response.content.decode()
    assert "Reassigned" in response.content.decode()
    for case in cases:
        case.refresh_from_db()
        assert case.status == "commissioned" and case.policy_team == team_b
        assert Candidate.objects.filter(case=case, user=drafter_b, state="offered").exists()
    # The drafting case keeps its internal deadline; the audit says who did it.
    assert cases[1].internal_deadline == D(2026, 12, 3)
    verbs = AuditEvent.objects.filter(actor=pq_team).values_list("verb", flat=True)
    assert sorted(verbs) == ["answers.commissioned", "answers.reassigned"]


def test_a_batch_sent_twice_changes_nothing_the_second_time(
    client, pq_team, cases, team_b, drafter_b
):
    client.force_login(pq_team)
    data = {"action": "reassign", "team": team_b.pk, "officer": drafter_b.pk, "seen_at": seen()}
    ids = [c.question_id for c in cases]
    assert client.post("/deadlines/bulk/", {"question": ids, **data}).status_code == 200
    again = client.post("/deadlines/bulk/", {"question": ids, **data})
    assert again.status_code == 409 and "Changed by someone else" in again.content.decode()
    assert Candidate.objects.filter(user=drafter_b).count() == 2


def test_one_case_that_cannot_be_reassigned_refuses_the_batch(
    client, pq_team, cases, dfe, team_b, drafter_b
):
    submitted = make_case(dfe, "submitted")
    client.force_login(pq_team)
    response = post(
        client, [*cases, submitted], action="reassign", team=team_b.pk, officer=drafter_b.pk
    )
    page = response.content.decode()
    assert response.status_code == 409
    assert "Nothing was changed" in page and "Cannot be reassigned: submitted" in page
    assert {c.status for c in Case.objects.all()} == {"new", "drafting", "submitted"}
    assert not AuditEvent.objects.exists()


def test_a_case_that_moves_mid_batch_rolls_the_batch_back(
    client, pq_team, cases, team_b, drafter_b, monkeypatch
):
    from pqtracker.answers import services

    real = services.reassign
    monkeypatch.setattr(services, "reassign", lambda **kw: False)
    client.force_login(pq_team)
    response = post(client, cases, action="reassign", team=team_b.pk, officer=drafter_b.pk)
    assert response.status_code == 409
    # The new case was commissioned first, then rolled back with the batch.
    assert Case.objects.get(pk=cases[0].pk).status == "new"
    assert not Candidate.objects.exists() and not AuditEvent.objects.exists()
    monkeypatch.setattr(services, "reassign", real)


def test_partial_input_is_a_clear_error_and_nothing_is_done(
    client, pq_team, cases, team_a, drafter_b
):
    client.force_login(pq_team)
    no_team = post(client, cases, action="reassign")
    assert no_team.status_code == 400
    assert "Choose the team to reassign the questions to" in no_team.content.decode()
    outsider = post(client, cases, action="reassign", team=team_a.pk, officer=drafter_b.pk)
    assert outsider.status_code == 400 and "is not in SEND Policy" in outsider.content.decode()
    half_date = post(client, cases, action="deadline", deadline_0="4", deadline_1="12")
    assert half_date.status_code == 400 and "Enter the year" in half_date.content.decode()
    past = post(
        client, cases, action="deadline", deadline_0="1", deadline_1="12", deadline_2="2026"
    )
    assert "must be today or later" in past.content.decode()
    nothing = client.post("/deadlines/bulk/", {"action": "remind", "seen_at": seen()})
    assert nothing.status_code == 400 and "Select at least one question" in nothing.content.decode()
    junk = post(client, cases, action="remind", question="x")
    assert junk.status_code == 400
    # The selection is kept for the next try.
    assert no_team.content.decode().count('name="question"') == 2
    assert not AuditEvent.objects.exists() and mail.outbox == []
    assert {c.status for c in Case.objects.all()} == {"new", "drafting"}


def test_change_internal_deadline(client, pq_team, cases, dfe):
    client.force_login(pq_team)
    response = post(
        client, cases, action="deadline", deadline_0="7", deadline_1="12", deadline_2="2026"
    )
    assert response.status_code == 200
    assert {c.internal_deadline for c in Case.objects.all()} == {D(2026, 12, 7)}
    assert "Moved from 03 Dec 2026 to 07 Dec 2026" in response.content.decode()
    events = AuditEvent.objects.filter(verb="answers.deadline_changed")
    assert events.count() == 2
    # A closed case refuses the batch: nothing moves.
    closed = make_case(dfe, "answered", internal_deadline=D(2026, 12, 1))
    refused = post(
        client,
        [*cases, closed],
        action="deadline",
        deadline_0="9",
        deadline_1="12",
        deadline_2="2026",
    )
    assert refused.status_code == 409
    assert "No internal deadline while answered" in refused.content.decode()
    assert set(Case.objects.values_list("internal_deadline", flat=True)) == {
        D(2026, 12, 7),
        D(2026, 12, 1),
    }


def test_send_reminders_now_reports_each_row(client, pq_team, cases, dfe, drafter_a):
    outside = WrittenQuestionFactory(answering_body=dfe)  # no case: not in the workflow
    client.force_login(pq_team)
    response = client.post(
        "/deadlines/bulk/",
        {
            "question": [c.question_id for c in cases] + [outside.pk],
            "action": "remind",
            "seen_at": seen(),
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Not sent: not yet commissioned" in page  # the new case
    assert f"Sent to {drafter_a.email}" in page
    assert "Not sent: not in the answering workflow" in page
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [drafter_a.email]
    again = post(client, cases, action="remind")
    assert "already reminded today" in again.content.decode() and len(mail.outbox) == 1


def test_csrf_is_checked(pq_team, cases):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(pq_team)
    assert post(client, cases, action="remind").status_code == 403


def test_the_dashboard_offers_bulk_actions_to_the_pq_team_only(client, pq_team, clerk, cases):
    client.force_login(clerk)
    assert 'id="bulk-form"' not in client.get("/deadlines/").content.decode()
    client.force_login(pq_team)
    page = client.get("/deadlines/").content.decode()
    assert 'id="bulk-form"' in page and f'value="{cases[1].question_id}"' in page
    assert "SEND Policy" in page  # the team holding the drafting case


def test_counts_by_team_and_minister(client, clerk, dfe, team_a, team_b):
    minister = MemberFactory(name_display="Catherine McKinnell")
    make_case(dfe, "drafting", policy_team=team_a, answering_minister=minister)
    make_case(dfe, "drafting", policy_team=team_a)
    make_case(dfe, "commissioned", policy_team=team_b, answering_minister=minister)
    WrittenQuestionFactory(answering_body=dfe, date_for_answer=D(2026, 12, 4))  # no case
    client.force_login(clerk)
    counts = dict(client.get("/deadlines/").context["counts_by"])
    assert dict(counts["team"]) == {"SEND Policy": 2, "Schools Funding": 1, "No team yet": 1}
    assert dict(counts["minister"]) == {"Catherine McKinnell": 2, "No minister yet": 2}


def test_the_csv_download_has_the_workflow_columns(client, clerk, cases, dfe):
    import csv
    import io

    WrittenQuestionFactory(answering_body=dfe, date_for_answer=D(2026, 12, 9))  # no case
    client.force_login(clerk)
    response = client.get("/deadlines/", {"format": "csv"})
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    found = [(r["workflow_status"], r["policy_team"], r["internal_deadline"]) for r in rows]
    assert found == [("New", "", ""), ("Drafting", "SEND Policy", "2026-12-03"), ("", "", "")]
