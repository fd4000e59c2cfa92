"""Drafting to clearance and back: the chain of steps a draft goes through before submission."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import partial
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from pqtracker.answers import figures, notify, permissions
from pqtracker.answers.models import (
    Case,
    CaseStatus,
    ClearanceRoleKind,
    ClearanceStep,
    ClearanceStepDefinition,
    ClearanceStepState,
)
from pqtracker.answers.services.core import move, record, require

# The chain migration 0002 installs; kept here for a database emptied since (a flushed test
# database, a demo on a fresh one).
DEFAULT_CHAIN = (
    ("Deputy Director", 10, ClearanceRoleKind.DEPUTY_DIRECTOR, False),
    ("Head of statistics", 15, ClearanceRoleKind.HEAD_OF_STATISTICS, True),
    ("Press office", 20, ClearanceRoleKind.PRESS_OFFICE, True),
    ("Special Adviser", 30, ClearanceRoleKind.SPECIAL_ADVISER, False),
    ("Private Office", 40, ClearanceRoleKind.PRIVATE_OFFICE, False),
    ("Minister", 50, ClearanceRoleKind.MINISTER, False),
)


def ensure_default_chain() -> None:
    """Install the default chain when none is configured at all (never over the PQ team's)."""
    if ClearanceStepDefinition.objects.exists():
        return
    ClearanceStepDefinition.objects.bulk_create(
        ClearanceStepDefinition(name=name, order=order, role_kind=kind, optional=optional)
        for name, order, kind, optional in DEFAULT_CHAIN
    )


def start_drafting(*, case: Case, actor: Any) -> bool:
    """ACCEPTED (or HOLDING, for the substantive answer after a holding one) to DRAFTING. The
    drafting services call it on the first save; a second call does nothing."""
    require(permissions.is_drafting_team(actor, case), "You cannot draft this answer.")
    with transaction.atomic():
        if not move(
            case,
            to=CaseStatus.DRAFTING,
            expected=(CaseStatus.ACCEPTED, CaseStatus.HOLDING),
            actor=actor,
            holder=case.action_officer or actor,
        ):
            return False
        record(actor, "drafting_started", case)
    return True


def send_to_clearance(*, case: Case, actor: Any, optional_step_ids: Iterable[int] = ()) -> bool:
    """Freeze the latest version (the draft is read-only in clearance) and open a new round of
    the configured chain's steps, each with its default assignee."""
    # The team, not the status, is checked here: a second click finds the status moved on and
    # does nothing (the conditional update below).
    require(permissions.is_drafting_team(actor, case), "You cannot send this draft to clearance.")
    if case.latest_version < 1:
        raise ValidationError({"answer_text": "Save a draft before sending it to clearance"})
    chosen = set(optional_step_ids)
    definitions = [
        d for d in ClearanceStepDefinition.objects.active() if not d.optional or d.pk in chosen
    ]
    if not definitions:
        raise ValidationError({"steps": "The clearance chain has no active steps"})
    if definitions[0].role_kind == ClearanceRoleKind.MINISTER:
        # A chain that starts with the Minister sends the draft straight there.
        figures.require_figures_cleared(case)
    with transaction.atomic():
        round_ = case.clearance_round + 1
        if not move(
            case,
            to=CaseStatus.IN_CLEARANCE,
            expected=(CaseStatus.DRAFTING, CaseStatus.ACCEPTED),
            actor=actor,
            clearance_round=round_,
            holder=definitions[0].default_assignee,
        ):
            return False
        ClearanceStep.objects.bulk_create(
            ClearanceStep(
                case=case,
                round=round_,
                order=d.order,
                name=d.name,
                role_kind=d.role_kind,
                assignee=d.default_assignee,
            )
            for d in definitions
        )
        record(
            actor,
            "sent_to_clearance",
            case,
            version=case.latest_version,
            round=round_,
            steps=[d.name for d in definitions],
        )
        transaction.on_commit(partial(_tell_next_clearer, case.pk))
    return True


def current_step(case: Case) -> ClearanceStep | None:
    """The first pending step of the current round: the only one that may act now."""
    return (
        case.clearance_steps.filter(round=case.clearance_round, state=ClearanceStepState.PENDING)
        .order_by("order")
        .first()
    )


def approve_step(*, step: ClearanceStep, actor: Any, comment: str = "") -> bool:
    """Approve the current step; the last approval clears the case. The approval that sends the
    draft to the Minister (``figures.sends_to_minister``) is refused while the figure check
    flags anything in the draft that nobody has accepted with a reason."""
    case = step.case
    require(permissions.is_step_clearer(actor, step), "This clearance step is not yours.")
    if step.state == ClearanceStepState.PENDING and figures.sends_to_minister(step):
        figures.require_figures_cleared(case)
    with transaction.atomic():
        if not _act(step, actor, ClearanceStepState.APPROVED, comment):
            return False
        record(actor, "clearance_approved", case, step=step.name, comment=comment)
        following = current_step(case)
        if following is None:
            move(
                case,
                to=CaseStatus.CLEARED,
                expected=(CaseStatus.IN_CLEARANCE,),
                actor=actor,
                cleared_version=case.latest_version,
                cleared_at=timezone.now(),
                holder=None,
            )
            record(actor, "cleared", case, version=case.latest_version)
        else:
            Case.objects.filter(pk=case.pk).update(
                holder=following.assignee, held_since=timezone.now()
            )
            transaction.on_commit(partial(_tell_next_clearer, case.pk))
    return True


def return_step(*, step: ClearanceStep, actor: Any, comment: str) -> bool:
    """Return the draft with a comment: the round ends (its later steps are skipped) and the
    draft is editable again by the action officer."""
    case = step.case
    require(permissions.is_step_clearer(actor, step), "This clearance step is not yours.")
    if not comment.strip():
        raise ValidationError({"comment": "Say what needs to change"})
    with transaction.atomic():
        if not _act(step, actor, ClearanceStepState.RETURNED, comment):
            return False
        now = timezone.now()
        case.clearance_steps.filter(round=step.round, state=ClearanceStepState.PENDING).update(
            state=ClearanceStepState.SKIPPED, acted_at=now
        )
        move(
            case,
            to=CaseStatus.DRAFTING,
            expected=(CaseStatus.IN_CLEARANCE,),
            actor=actor,
            holder=case.action_officer,
        )
        record(actor, "clearance_returned", case, step=step.name, comment=comment.strip())
        transaction.on_commit(partial(_send_return_email, case.pk, step.pk))
    return True


def _act(step: ClearanceStep, actor: Any, state: str, comment: str) -> bool:
    """Claim the step if it is still pending and is the round's current one."""
    current = current_step(step.case)
    if current is None or current.pk != step.pk:
        return False
    now = timezone.now()
    updated = ClearanceStep.objects.filter(
        pk=step.pk, state=ClearanceStepState.PENDING, case__status=CaseStatus.IN_CLEARANCE
    ).update(
        state=state,
        comment=comment.strip(),
        acted_by=actor,
        acted_at=now,
        version_number=step.case.latest_version,
    )
    if updated:
        step.refresh_from_db()
    return bool(updated)


def _tell_next_clearer(case_id: int) -> None:
    case = Case.objects.select_related("question").get(pk=case_id)
    step = current_step(case)
    if step is None or step.assignee is None:
        return
    notify.send_once(
        key=f"clearance_step:{step.pk}",
        kind="clearance_step",
        recipients=[step.assignee.email],
        recipient_user=step.assignee,
        subject=f"PQ {case.question.uin} is waiting for your clearance ({step.name})",
        body=f"{notify.describe(case)}\n\n{notify.case_url(case)}\n",
        case=case,
    )


def _send_return_email(case_id: int, step_id: int) -> None:
    case = Case.objects.select_related("question", "action_officer").get(pk=case_id)
    step = ClearanceStep.objects.get(pk=step_id)
    officer = case.action_officer
    notify.send_once(
        key=f"returned:{step.pk}",
        kind="returned",
        recipients=[officer.email] if officer else notify.pq_team_addresses(),
        recipient_user=officer,
        subject=f"PQ {case.question.uin} returned at {step.name}",
        body=f"{step.name} returned the draft:\n\n{step.comment}\n\n{notify.case_url(case)}\n",
        case=case,
    )


def save_chain(*, actor: Any, steps: Sequence[dict[str, Any]]) -> None:
    """Replace the configured chain (the PQ team's page). Each dict: id (or None for a new step),
    name, order, role_kind, optional, active, default_assignee. Steps already opened on cases
    keep their copy: the chain only shapes later rounds."""
    require(permissions.can_configure_clearance(actor), "Only the PQ team configures clearance.")
    errors = {}
    for i, row in enumerate(steps):
        if not str(row.get("name", "")).strip():
            errors[f"steps-{i}-name"] = "Enter the step's name"
        if row.get("role_kind") not in ClearanceRoleKind.values:
            errors[f"steps-{i}-role_kind"] = "Choose the step's role"
    if not any(r.get("active") for r in steps):
        errors["steps"] = "Keep at least one step active"
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        for row in steps:
            fields = {k: row[k] for k in ("name", "order", "role_kind", "optional", "active")}
            fields["default_assignee"] = row.get("default_assignee")
            if row.get("id"):
                ClearanceStepDefinition.objects.filter(pk=row["id"]).update(**fields)
            else:
                ClearanceStepDefinition.objects.create(**fields)
        from pqtracker.audit import services as audit
        from pqtracker.audit.models import AuditVerb

        audit.record(
            actor=actor,
            verb=AuditVerb.ANSWERS_CLEARANCE_CHAIN_CHANGED,
            data={"steps": [str(r["name"]) for r in steps if r.get("active")]},
        )
