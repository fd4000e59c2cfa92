"""Internal-deadline reminders: before, on the day, missed (escalated), once each, working days
only; by hand from the PQ team; the history on the question page; the beat entry."""

from __future__ import annotations

import datetime

import pytest
from django.conf import settings
from django.core import mail

from pqtracker.audit.models import AuditEvent
from pqtracker.deadlines import reminders, tasks
from pqtracker.deadlines.models import Reminder, ReminderKind
from tests.factories import CaseFactory, WrittenQuestionFactory

pytestmark = pytest.mark.django_db
D = datetime.date
WEDNESDAY = D(2026, 12, 2)
THURSDAY = D(2026, 12, 3)
FRIDAY = D(2026, 12, 4)
SATURDAY = D(2026, 12, 5)
MONDAY = D(2026, 12, 7)


@pytest.fixture
def case(drafter_a, team_a):  # type: ignore[no-untyped-def]
    return CaseFactory(
        status="drafting",
        policy_team=team_a,
        action_officer=drafter_a,
        holder=drafter_a,
        internal_deadline=FRIDAY,
        question=WrittenQuestionFactory(uin="4242", date_for_answer=D(2026, 12, 8)),
    )


def test_reminder_due_by_the_day():
    due = reminders.reminder_due
    assert due(FRIDAY, today=WEDNESDAY, lead=1) is None
    assert due(FRIDAY, today=THURSDAY, lead=1) == ReminderKind.BEFORE
    assert due(FRIDAY, today=WEDNESDAY, lead=2) == ReminderKind.BEFORE
    assert due(FRIDAY, today=FRIDAY, lead=1) == ReminderKind.TODAY
    assert due(FRIDAY, today=MONDAY, lead=1) == ReminderKind.MISSED
    assert due(FRIDAY, today=THURSDAY, lead=0) is None
    # Working days: a Monday deadline is reminded on the Friday before.
    assert due(MONDAY, today=FRIDAY, lead=1) == ReminderKind.BEFORE


def test_each_reminder_goes_once_however_often_the_task_runs(case, drafter_a, pq_team):
    for _ in range(2):
        assert reminders.send_due_reminders(today=WEDNESDAY) == 0
    assert reminders.send_due_reminders(today=THURSDAY) == 1
    assert reminders.send_due_reminders(today=THURSDAY) == 0
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [drafter_a.email]
    assert "4242" in mail.outbox[0].subject and "Friday 04 December" in mail.outbox[0].subject

    assert reminders.send_due_reminders(today=FRIDAY) == 1
    assert reminders.send_due_reminders(today=FRIDAY) == 0
    assert [m.subject for m in mail.outbox][-1] == "PQ 4242: internal deadline today"
    assert len(mail.outbox) == 2
    kinds = list(Reminder.objects.order_by("created_at").values_list("kind", flat=True))
    assert kinds == ["before", "today"]
    events = AuditEvent.objects.filter(verb="deadlines.reminder_sent", target_id=str(case.pk))
    assert events.count() == 2


def test_a_missed_deadline_escalates_to_the_pq_team_once(case, drafter_a, pq_team):
    assert reminders.send_due_reminders(today=MONDAY) == 1
    assert reminders.send_due_reminders(today=MONDAY) == 0
    assert reminders.send_due_reminders(today=D(2026, 12, 8)) == 0  # missed goes once per date
    (message,) = mail.outbox
    assert set(message.to) == {drafter_a.email, pq_team.email}
    assert "missed" in message.subject
    assert Reminder.objects.get().escalated


def test_none_on_a_weekend_or_bank_holiday(case):
    assert reminders.send_due_reminders(today=SATURDAY) == 0
    case.internal_deadline = D(2026, 12, 23)
    case.save()
    # 25 and 28 December 2026 are bank holidays (Boxing Day falls on a Saturday).
    assert reminders.send_due_reminders(today=D(2026, 12, 25)) == 0
    assert reminders.send_due_reminders(today=D(2026, 12, 28)) == 0
    assert mail.outbox == []
    assert reminders.send_due_reminders(today=D(2026, 12, 29)) == 1


def test_a_moved_deadline_is_reminded_afresh_and_closed_cases_not_at_all(case):
    assert reminders.send_due_reminders(today=FRIDAY) == 1
    case.internal_deadline = D(2026, 12, 8)
    case.save()
    assert reminders.send_due_reminders(today=MONDAY) == 1  # the day before the new date
    case.status = "cleared"
    case.save()
    assert reminders.send_due_reminders(today=D(2026, 12, 8)) == 0


def test_those_offered_the_case_hear_until_one_accepts(drafter_a, drafter_a2, team_a, pq_team):
    from pqtracker.answers.models import Candidate

    offered = CaseFactory(status="commissioned", policy_team=team_a, internal_deadline=FRIDAY)
    for user in (drafter_a, drafter_a2):
        Candidate.objects.create(
            case=offered, user=user, team=team_a, offered_at=offered.status_since
        )
    assert reminders.send_due_reminders(today=FRIDAY) == 1
    assert set(mail.outbox[0].to) == {drafter_a.email, drafter_a2.email}


def test_a_failed_send_gives_its_claim_back(case, monkeypatch):
    def broken(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise OSError("mail server down")

    monkeypatch.setattr(reminders, "send_mail", broken)
    assert reminders.send_due_reminders(today=FRIDAY) == 0
    assert not Reminder.objects.exists()
    monkeypatch.undo()
    assert reminders.send_due_reminders(today=FRIDAY) == 1


def test_a_claim_taken_meanwhile_is_not_sent_twice(case):
    # Two runs at once: both find nothing sent, both try to claim; the unique key lets one win.
    assert reminders._send(case, ReminderKind.TODAY, today=FRIDAY, known=frozenset())
    assert not reminders._send(case, ReminderKind.TODAY, today=FRIDAY, known=frozenset())
    assert len(mail.outbox) == 1
    assert Reminder.objects.count() == 1


def test_a_claim_left_unsent_is_taken_back_by_a_later_run(case):
    # The worker died between claiming and sending: a later run sends it, once.
    key = reminders.reminder_key(case.pk, ReminderKind.TODAY, FRIDAY, FRIDAY)
    claim = Reminder.objects.create(
        key=key, case=case, kind=ReminderKind.TODAY, deadline=FRIDAY, recipients="x@example.org"
    )
    assert reminders.send_due_reminders(today=FRIDAY) == 0  # still being sent, perhaps
    Reminder.objects.filter(pk=claim.pk).update(
        created_at=claim.created_at - reminders.UNFINISHED_CLAIM
    )
    assert reminders.send_due_reminders(today=FRIDAY) == 1
    assert reminders.send_due_reminders(today=FRIDAY) == 0
    assert len(mail.outbox) == 1
    assert Reminder.objects.get().sent_at is not None


def test_reminders_now_by_the_pq_team_once_a_day(case, pq_team, drafter_a):
    closed = CaseFactory(status="submitted", internal_deadline=FRIDAY)
    with pytest.raises(reminders.PermissionDenied):
        reminders.send_reminders_now(cases=[case], actor=drafter_a, today=WEDNESDAY)
    outcomes = reminders.send_reminders_now(cases=[case, closed], actor=pq_team, today=WEDNESDAY)
    assert [(o.case.pk, o.done) for o in outcomes] == [(case.pk, True), (closed.pk, False)]
    again = reminders.send_reminders_now(cases=[case], actor=pq_team, today=WEDNESDAY)
    assert not again[0].done and "already" in again[0].message
    assert len(mail.outbox) == 1
    assert Reminder.objects.get().sent_by == pq_team


def test_the_history_shows_on_the_question_page(client, case, clerk, viewer):
    reminders.send_due_reminders(today=FRIDAY)
    client.force_login(clerk)
    page = client.get(case.question.get_absolute_url()).content.decode()
    assert 'id="reminder-history"' in page and "Internal deadline today" in page
    client.force_login(viewer)
    page = client.get(case.question.get_absolute_url()).content.decode()
    assert "reminder-history" not in page


def test_beat_runs_the_task_on_weekdays(case, monkeypatch):
    entry = settings.CELERY_BEAT_SCHEDULE["deadlines-reminders"]
    assert entry["task"] == "pqtracker.deadlines.tasks.send_reminders_task"
    assert entry["schedule"].day_of_week == {1, 2, 3, 4, 5}
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: FRIDAY)
    assert tasks.send_reminders_task.delay().get() == 1
    assert tasks.send_reminders_task.delay().get() == 0
