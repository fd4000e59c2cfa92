"""Commissioning: offering a question to action officers, their answer, and the PQ team's
reassignments, escalations and transfers out."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from functools import partial
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from pqtracker.answers import notify, permissions, rules
from pqtracker.answers.links import LinkInvalid, link_url, read_token
from pqtracker.answers.models import (
    OPEN_STATUSES,
    Candidate,
    CandidateState,
    Case,
    CaseStatus,
    PolicyTeam,
    RejectReason,
    SignedLinkUse,
)
from pqtracker.answers.services.core import move, record, release_open_work, require
from pqtracker.calendar.rules import add_working_days
from pqtracker.parliament.models import GovernmentPost, Member

# From these the PQ team may reassign: after a rejection, or taking the question back from a
# team to give it to another.
REASSIGNABLE = (
    CaseStatus.REJECTED,
    CaseStatus.COMMISSIONED,
    CaseStatus.ACCEPTED,
    CaseStatus.DRAFTING,
)


def minister_choices(due: datetime.date | None) -> list[Member]:
    """Ministers holding a post in the department on the date for answer (today when none)."""
    day = due or timezone.localdate()
    posts = GovernmentPost.objects.in_force_on(day).filter(
        answering_body__parliament_id__in=settings.DEPARTMENT_ANSWERING_BODY_IDS
    )
    return list(Member.objects.filter(pk__in=posts.values("member_id")).order_by("name_display"))


def default_deadline(case: Case, *, today: datetime.date | None = None) -> datetime.date | None:
    return rules.default_internal_deadline(
        case.question.date_for_answer,
        working_days=settings.ANSWERS_INTERNAL_DEADLINE_WORKING_DAYS,
        today=today or timezone.localdate(),
    )


def _check_commission(team: PolicyTeam, candidates: Sequence[Any]) -> None:
    if not candidates:
        raise ValidationError({"candidates": "Choose at least one action officer"})
    member_ids = set(team.memberships.values_list("user_id", flat=True))
    outsiders = [c for c in candidates if c.pk not in member_ids]
    if outsiders:
        names = ", ".join(c.username for c in outsiders)
        raise ValidationError({"candidates": f"Not in {team.name}: {names}"})


def commission(
    *,
    case: Case,
    actor: Any,
    team: PolicyTeam,
    candidates: Sequence[Any],
    answering_minister: Member | None = None,
    policy_minister: Member | None = None,
    internal_deadline: datetime.date | None = None,
) -> bool:
    """Offer a NEW case to ``candidates`` in ``team``. False (nothing done) if it is no longer
    NEW: a second click never commissions twice."""
    return _offer(
        case=case,
        actor=actor,
        expected=(CaseStatus.NEW,),
        since=None,
        team=team,
        candidates=candidates,
        answering_minister=answering_minister,
        policy_minister=policy_minister,
        internal_deadline=internal_deadline,
    )


def reassign(
    *,
    case: Case,
    actor: Any,
    team: PolicyTeam,
    candidates: Sequence[Any],
    since: datetime.datetime | None = None,
    answering_minister: Member | None = None,
    policy_minister: Member | None = None,
    internal_deadline: datetime.date | None = None,
) -> bool:
    """Offer the case afresh (after a rejection, or away from the team that has it): the open
    offers and the action officer are released; drafts stay. ``since`` is the ``status_since``
    the PQ team saw: a form sent twice finds it changed and does nothing the second time."""
    return _offer(
        case=case,
        actor=actor,
        expected=REASSIGNABLE,
        since=since,
        team=team,
        candidates=candidates,
        answering_minister=answering_minister,
        policy_minister=policy_minister,
        internal_deadline=internal_deadline,
    )


def _offer(
    *,
    case: Case,
    actor: Any,
    expected: Sequence[CaseStatus],
    since: datetime.datetime | None,
    team: PolicyTeam,
    candidates: Sequence[Any],
    answering_minister: Member | None,
    policy_minister: Member | None,
    internal_deadline: datetime.date | None,
) -> bool:
    require(permissions.can_commission(actor), "Only the PQ team commissions questions.")
    _check_commission(team, candidates)
    with transaction.atomic():
        if since is not None and not Case.objects.filter(pk=case.pk, status_since=since).exists():
            return False
        now = timezone.now()
        if not move(
            case,
            to=CaseStatus.COMMISSIONED,
            expected=expected,
            actor=actor,
            policy_team=team,
            answering_minister=answering_minister,
            policy_minister=policy_minister,
            internal_deadline=internal_deadline or default_deadline(case),
            commissioned_at=now,
            commissioned_by=actor,
            action_officer=None,
            holder=None,
            escalated_at=None,
        ):
            return False
        case.candidates.filter(state__in=(CandidateState.OFFERED, CandidateState.ACCEPTED)).update(
            state=CandidateState.RELEASED, decided_at=now
        )
        offers = Candidate.objects.bulk_create(
            Candidate(case=case, user=u, team=team, offered_at=now, offered_by=actor)
            for u in candidates
        )
        record(
            actor,
            "commissioned" if expected == (CaseStatus.NEW,) else "reassigned",
            case,
            team=team.name,
            candidates=[u.username for u in candidates],
            internal_deadline=str(case.internal_deadline or ""),
            answering_minister=str(answering_minister or ""),
        )
        offer_ids = [o.pk for o in offers]
        transaction.on_commit(partial(_send_commission_emails, case.pk, offer_ids))
    return True


def bulk_commission(*, cases: Sequence[Case], actor: Any, **choices: Any) -> list[Case]:
    """Commission several cases alike (a batch from one Member, a near-duplicate cluster). All or
    nothing: one refused case refuses the batch. Returns those that moved."""
    moved = []
    with transaction.atomic():
        for case in cases:
            if commission(case=case, actor=actor, **choices):
                moved.append(case)
    return moved


def _send_commission_emails(case_id: int, offer_ids: list[int]) -> None:
    case = Case.objects.select_related("question__asking_member").get(pk=case_id)
    for offer in Candidate.objects.filter(pk__in=offer_ids).select_related("user"):
        body = (
            f"You have been asked to answer this written question.\n\n{notify.describe(case)}\n\n"
            f"Accept: {link_url(offer, 'accept')}\nReject: {link_url(offer, 'reject')}\n"
            f"Or open it in PQ Tracker: {notify.case_url(case)}\n"
        )
        notify.send_once(
            key=f"commissioned:{offer.pk}",
            kind="commissioned",
            recipients=[offer.user.email],
            recipient_user=offer.user,
            subject=f"PQ {case.question.uin} commissioned to you",
            body=body,
            case=case,
        )


def accept(*, case: Case, actor: Any) -> bool:
    """``actor`` takes the question; the other candidates are released."""
    require(permissions.was_offered(actor, case), "This question is not offered to you.")
    with transaction.atomic():
        now = timezone.now()
        if not case.candidates.filter(user=actor, state=CandidateState.OFFERED).exists():
            return False
        if not move(
            case,
            to=CaseStatus.ACCEPTED,
            expected=(CaseStatus.COMMISSIONED,),
            actor=actor,
            action_officer=actor,
            holder=actor,
        ):
            return False
        case.candidates.filter(user=actor, state=CandidateState.OFFERED).update(
            state=CandidateState.ACCEPTED, decided_at=now
        )
        case.candidates.filter(state=CandidateState.OFFERED).update(
            state=CandidateState.RELEASED, decided_at=now
        )
        record(actor, "accepted", case)
        transaction.on_commit(lambda: _send_decision_email(case.pk, actor.pk, "accepted"))
    return True


def reject(*, case: Case, actor: Any, reason_code: str, reason_text: str) -> bool:
    """``actor`` declines with a reason. When no offer is left open the case goes back to the PQ
    team (REJECTED) to reassign; the rejection stays in the case's history."""
    require(permissions.was_offered(actor, case), "This question is not offered to you.")
    errors = {}
    if reason_code not in RejectReason.values:
        errors["reason_code"] = "Choose why the question is not for you"
    if not reason_text.strip():
        errors["reason_text"] = "Say who should answer it instead, or why"
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        now = timezone.now()
        updated = case.candidates.filter(
            user=actor, state=CandidateState.OFFERED, case__status=CaseStatus.COMMISSIONED
        ).update(
            state=CandidateState.REJECTED,
            reason_code=reason_code,
            reason_text=reason_text.strip(),
            decided_at=now,
        )
        if not updated:
            return False
        record(actor, "rejected", case, reason_code=reason_code, reason_text=reason_text.strip())
        if not case.candidates.filter(state=CandidateState.OFFERED).exists():
            move(case, to=CaseStatus.REJECTED, expected=(CaseStatus.COMMISSIONED,), actor=actor)
        transaction.on_commit(lambda: _send_decision_email(case.pk, actor.pk, "rejected"))
    return True


def _send_decision_email(case_id: int, user_id: int, decision: str) -> None:
    case = Case.objects.select_related("question", "policy_team").get(pk=case_id)
    offer = case.candidates.filter(user_id=user_id).select_related("user").last()
    who = offer.user.get_full_name() or offer.user.username if offer else "A candidate"
    reason = (
        f"\nReason: {offer.get_reason_code_display()}: {offer.reason_text}\n"
        if (offer and decision == "rejected")
        else ""
    )
    notify.send_once(
        key=f"{decision}:{offer.pk if offer else case_id}",
        kind=decision,
        recipients=notify.pq_team_addresses(),
        subject=f"PQ {case.question.uin} {decision} by {who}",
        body=f"{who} {decision} PQ {case.question.uin}.{reason}\n{notify.case_url(case)}\n",
        case=case,
    )


def use_signed_link(*, token: str, actor: Any, reason_code: str = "", reason_text: str = "") -> str:
    """Act on an emailed link (signed, expiring, once). Returns the action taken; raises
    LinkInvalid for a bad, expired, reused or someone else's link."""
    payload = read_token(token)
    offer = Candidate.objects.select_related("case").filter(pk=payload.candidate_id).first()
    if offer is None or offer.user_id != actor.pk:
        raise LinkInvalid("This link is not valid.")
    if offer.state != CandidateState.OFFERED:
        raise LinkInvalid("This question is no longer offered to you.")
    with transaction.atomic():
        try:
            with transaction.atomic():
                SignedLinkUse.objects.create(
                    key=f"candidate:{offer.pk}",
                    candidate=offer,
                    action=payload.action,
                    used_at=timezone.now(),
                )
        except IntegrityError:
            raise LinkInvalid("This link has already been used.") from None
        if payload.action == "accept":
            done = accept(case=offer.case, actor=actor)
        else:
            done = reject(
                case=offer.case, actor=actor, reason_code=reason_code, reason_text=reason_text
            )
        if not done:
            raise LinkInvalid("This question is no longer offered to you.")
    return payload.action


def transfer_out(
    *, case: Case, actor: Any, department: str, on: datetime.date | None = None
) -> bool:
    """Another department answers it: recorded, and closed here."""
    require(permissions.is_pq_team(actor), "Only the PQ team transfers questions.")
    if not department.strip():
        raise ValidationError({"department": "Enter the department the question went to"})
    with transaction.atomic():
        now = timezone.now()
        when = timezone.make_aware(datetime.datetime.combine(on, datetime.time(12))) if on else now
        if not move(
            case,
            to=CaseStatus.TRANSFERRED_OUT,
            expected=OPEN_STATUSES,
            actor=actor,
            transferred_to=department.strip(),
            transferred_at=when,
            holder=None,
        ):
            return False
        release_open_work(case)
        record(actor, "transferred_out", case, department=department.strip())
    return True


def escalate_unclaimed(*, today: datetime.date | None = None) -> int:
    """Tell the PQ team about commissions nobody has accepted in time. Each case once (claimed by
    a conditional update on ``escalated_at``, and the email by its notification key)."""
    today = today or timezone.localdate()
    days = settings.ANSWERS_ESCALATE_AFTER_WORKING_DAYS
    # Commissioned on or before this day are due (working days, counted back from today).
    cutoff = add_working_days(today, -days)
    due = Case.objects.filter(
        status=CaseStatus.COMMISSIONED,
        escalated_at__isnull=True,
        commissioned_at__date__lte=cutoff,
    ).filter(Q(commissioned_at__isnull=False))
    count = 0
    for case in due.select_related("question", "policy_team"):
        with transaction.atomic():
            now = timezone.now()
            if not Case.objects.filter(
                pk=case.pk, status=CaseStatus.COMMISSIONED, escalated_at__isnull=True
            ).update(escalated_at=now):
                continue
            record(None, "escalated", case, team=str(case.policy_team or ""))
            transaction.on_commit(partial(_send_escalation, case.pk))
        count += 1
    return count


def _send_escalation(case_id: int) -> None:
    case = Case.objects.select_related("question", "policy_team").get(pk=case_id)
    notify.send_once(
        # Per commission: a case reassigned and again left unclaimed is escalated again.
        key=f"escalated:{case.pk}:{case.commissioned_at:%Y%m%d%H%M%S}",
        kind="escalated",
        recipients=notify.pq_team_addresses(),
        subject=f"PQ {case.question.uin} not yet accepted by {case.policy_team}",
        body=f"Nobody has accepted this question yet.\n\n{notify.describe(case)}\n\n"
        f"{notify.case_url(case)}\n",
        case=case,
    )
