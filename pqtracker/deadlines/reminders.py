"""Reminders of internal deadlines: before the day, on the day, and when missed (to the PQ team as
well), on working days only; and the PQ team's "send reminders now".

Each reminder is claimed before it is sent by inserting its ``Reminder`` row under a key naming
the occasion (``before:42:2026-12-04``): the key is unique, so a rerun of the beat task, a retried
task or two workers racing find it taken and send nothing. A send that fails gives its claim back,
so the next run tries again. A changed internal deadline is a new occasion (the key holds the
date), so the new date is reminded afresh.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Prefetch
from django.utils import timezone

from pqtracker.answers import notify, permissions
from pqtracker.answers.models import Candidate, CandidateState, Case, CaseStatus
from pqtracker.audit import services as audit
from pqtracker.audit.models import AuditVerb
from pqtracker.calendar.rules import add_working_days, is_working_day
from pqtracker.deadlines.models import Reminder, ReminderKind

log = logging.getLogger(__name__)

# Cases whose draft is still to come: a cleared, submitted or closed case has met (or no longer
# has) an internal deadline, and a new one has none yet.
WAITING = (
    CaseStatus.COMMISSIONED,
    CaseStatus.ACCEPTED,
    CaseStatus.DRAFTING,
    CaseStatus.IN_CLEARANCE,
    CaseStatus.REJECTED,
    CaseStatus.HOLDING,
)


def reminder_due(
    deadline: datetime.date, *, today: datetime.date, lead: int
) -> ReminderKind | None:
    """Which reminder a case with internal ``deadline`` is due today: missed once the day has
    passed, "today" on it, "before" from ``lead`` working days before it (none when ``lead`` is
    0). A run that misses the exact day still sends it on the next (each kind once per date)."""
    if deadline < today:
        return ReminderKind.MISSED
    if deadline == today:
        return ReminderKind.TODAY
    if lead > 0 and add_working_days(deadline, -lead) <= today:
        return ReminderKind.BEFORE
    return None


def reminder_key(case_id: int, kind: str, deadline: datetime.date, on: datetime.date) -> str:
    if kind == ReminderKind.MANUAL:
        # By hand: once a day per case, so a doubled click sends one.
        return f"manual:{case_id}:{on.isoformat()}"
    return f"{kind}:{case_id}:{deadline.isoformat()}"


def addressees(case: Case) -> list[str]:
    """Who works on the case now: its holder (the action officer, or a clearer), else the action
    officer, else those it is offered to, else the team's inbox; the PQ team when nobody else."""
    people: list[Any] = []
    if case.holder_id and case.holder is not None:
        people = [case.holder]
    elif case.action_officer_id and case.action_officer is not None:
        people = [case.action_officer]
    elif case.status == CaseStatus.COMMISSIONED:
        people = [offer.user for offer in case.open_offers]  # type: ignore[attr-defined]
    found = [p.email for p in people if p.email]
    if not found and case.policy_team is not None and case.policy_team.mailbox:
        found = [case.policy_team.mailbox]
    return found or notify.pq_team_addresses()


def _cases() -> Any:
    return Case.objects.select_related(
        "question__asking_member", "policy_team", "holder", "action_officer"
    ).prefetch_related(
        Prefetch(
            "candidates",
            queryset=Candidate.objects.filter(state=CandidateState.OFFERED).select_related("user"),
            to_attr="open_offers",
        )
    )


SUBJECTS = {
    ReminderKind.BEFORE: "PQ {uin}: internal deadline {deadline:%A %d %B}",
    ReminderKind.TODAY: "PQ {uin}: internal deadline today",
    ReminderKind.MISSED: "PQ {uin}: internal deadline missed ({deadline:%d %B})",
    ReminderKind.MANUAL: "PQ {uin}: reminder from the PQ team, due {deadline:%d %B}",
}
OPENINGS = {
    ReminderKind.BEFORE: "The draft answer to this question is due on {deadline:%A %d %B}.",
    ReminderKind.TODAY: "The draft answer to this question is due today.",
    ReminderKind.MISSED: (
        "The draft answer to this question was due on {deadline:%A %d %B} and has not yet been "
        "cleared. The PQ team has been told."
    ),
    ReminderKind.MANUAL: "The PQ team reminds you that this draft answer is due on "
    "{deadline:%A %d %B}.",
}

# How long a claimed reminder may stay unsent before the next run takes it back.
UNFINISHED_CLAIM = datetime.timedelta(minutes=30)


def _send(
    case: Case,
    kind: ReminderKind,
    *,
    today: datetime.date,
    actor: Any | None = None,
    known: set[str] | frozenset[str] = frozenset(),
) -> bool:
    """Claim, send and record one reminder. False when it was already claimed."""
    deadline = case.internal_deadline
    assert deadline is not None
    key = reminder_key(case.pk, kind, deadline, today)
    if key in known:
        return False
    to = addressees(case)
    escalated = kind == ReminderKind.MISSED
    if escalated:
        to = list(dict.fromkeys([*to, *notify.pq_team_addresses()]))
    if not to:
        return False
    uin = case.question.uin
    try:
        with transaction.atomic():
            claim = Reminder.objects.create(
                key=key,
                case=case,
                kind=kind,
                deadline=deadline,
                recipients=", ".join(to)[:1000],
                escalated=escalated,
                sent_by=actor if getattr(actor, "is_authenticated", False) else None,
            )
    except IntegrityError:
        return False
    body = "\n\n".join(
        [
            OPENINGS[kind].format(deadline=deadline),
            notify.describe(case),
            f"Who holds it: {case.holder or case.action_officer or 'not yet accepted'}",
            notify.case_url(case),
        ]
    )
    try:
        send_mail(SUBJECTS[kind].format(uin=uin, deadline=deadline), body, None, to)
    except Exception:
        # Give the claim back: the next run tries again.
        claim.delete()
        raise
    with transaction.atomic():
        Reminder.objects.filter(pk=claim.pk).update(sent_at=timezone.now())
        audit.record(
            actor=actor,
            verb=AuditVerb.DEADLINES_REMINDER_SENT,
            target=case,
            data={
                "kind": kind.value,
                "deadline": deadline.isoformat(),
                "to": to,
                "escalated": escalated,
            },
        )
    return True


def send_due_reminders(*, today: datetime.date | None = None) -> int:
    """Every reminder due today that has not yet gone; none on a weekend or bank holiday.
    Returns how many were sent. Safe to run as often as beat likes."""
    today = today or timezone.localdate()
    if not is_working_day(today):
        return 0
    lead = settings.DEADLINES_REMINDER_LEAD_WORKING_DAYS
    horizon = add_working_days(today, max(lead, 0))
    cases = list(
        _cases()
        .filter(status__in=WAITING, internal_deadline__isnull=False)
        .filter(internal_deadline__lte=horizon)
        .order_by("internal_deadline", "id")
    )
    due = [
        (case, kind)
        for case in cases
        if (kind := reminder_due(case.internal_deadline, today=today, lead=lead)) is not None
    ]
    # A claim whose sending never finished (the worker died between the claim and the email)
    # is given back, so the reminder is not lost; a send takes seconds, not this long.
    Reminder.objects.filter(
        sent_at__isnull=True, created_at__lt=timezone.now() - UNFINISHED_CLAIM
    ).delete()
    # One look-up for what has gone before, so a rerun makes no failed inserts.
    known = set(
        Reminder.objects.filter(
            key__in=[reminder_key(c.pk, k, c.internal_deadline, today) for c, k in due]
        ).values_list("key", flat=True)
    )
    sent = 0
    for case, kind in due:
        try:
            sent += _send(case, kind, today=today, known=known)
        except Exception:
            # One bad address must not hold up everyone else's reminders.
            log.exception("Reminder for case %s not sent; the next run tries again", case.pk)
    return sent


@dataclass(frozen=True)
class Outcome:
    case: Case
    done: bool
    message: str


def send_reminders_now(
    *, cases: Sequence[Case], actor: Any, today: datetime.date | None = None
) -> list[Outcome]:
    """The PQ team's reminder to each case's holder, at most one a case a day. Emails cannot be
    taken back, so each case has its own outcome rather than the batch being all or nothing."""
    if not permissions.is_pq_team(actor):
        raise PermissionDenied("Only the PQ team sends reminders.")
    today = today or timezone.localdate()
    outcomes = []
    for case in _cases().filter(pk__in=[c.pk for c in cases]).order_by("internal_deadline", "id"):
        if case.status == CaseStatus.NEW:
            outcomes.append(Outcome(case, False, "Not sent: not yet commissioned"))
        elif case.status not in WAITING:
            outcomes.append(Outcome(case, False, f"Not sent: {case.get_status_display().lower()}"))
        elif case.internal_deadline is None:
            outcomes.append(Outcome(case, False, "Not sent: no internal deadline"))
        else:
            outcomes.append(_send_by_hand(case, actor=actor, today=today))
    return outcomes


def _send_by_hand(case: Case, *, actor: Any, today: datetime.date) -> Outcome:
    try:
        if _send(case, ReminderKind.MANUAL, today=today, actor=actor):
            return Outcome(case, True, f"Sent to {', '.join(addressees(case))}")
    except Exception:
        log.exception("Reminder for case %s not sent", case.pk)
        return Outcome(case, False, "Not sent: the email could not be sent, try again later")
    return Outcome(case, False, "Not sent: already reminded today")


def history(case_ids: Iterable[int]) -> list[Reminder]:
    return list(
        Reminder.objects.filter(case_id__in=list(case_ids))
        .select_related("sent_by")
        .order_by("-created_at", "-id")
    )
