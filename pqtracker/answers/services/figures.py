"""Citing figures in a draft, and letting a flagged figure stand: keyword-only, atomic, audited.

A citation's target is the case (see ``answers.figures``); ``evidence.services`` writes it and
its audit event. Accepting a flag writes a ``FigureAcceptance`` for the latest version and an
``answers.figure_accepted`` event on the case, which its timeline shows.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from pqtracker.answers import figures, permissions
from pqtracker.answers.models import Case, CaseStatus, FigureAcceptance
from pqtracker.answers.services.core import record, require
from pqtracker.evidence import services as evidence
from pqtracker.evidence.models import Citation, Figure

MAX_REASON_CHARS = 1000


def _require_editable(actor: Any, case: Case) -> None:
    require(permissions.is_drafting_team(actor, case), "You may not change this draft.")
    if not case.is_editable:
        raise ValidationError(
            f"The draft's citations cannot change while the question is "
            f"{case.get_status_display()}."
        )


def cite_figure(
    *,
    case: Case,
    actor: Any,
    figure: Figure,
    base_figure: Figure | None = None,
    wording: str = "",
) -> Citation:
    """Cite ``figure`` from the case's draft; citing it again changes nothing. Without
    ``wording``, the sentence of the latest version that quotes the figure, if one does."""
    _require_editable(actor, case)
    if not wording:
        version = figures.latest(case)
        wording = figures.quoting_sentence(version.answer_text, figure) if version else ""
    try:
        return evidence.cite(
            actor=actor, target=case, figure=figure, base_figure=base_figure, wording=wording
        )
    except ValueError as refused:
        raise ValidationError(str(refused)) from refused


def uncite_figure(*, case: Case, actor: Any, citation: Citation) -> bool:
    """Remove one of the case's citations; False when it was already gone."""
    _require_editable(actor, case)
    if citation.object_id != case.pk or citation.content_type.model_class() is not Case:
        raise ValidationError("That citation is not this draft's.")
    return evidence.uncite(actor=actor, citation=citation)


def can_accept_flags(actor: Any, case: Case) -> bool:
    """The drafting team while the draft is theirs to change; in clearance, the clearer of the
    step now pending; the PQ team always."""
    if permissions.is_pq_team(actor):
        return True
    if case.status == CaseStatus.IN_CLEARANCE:
        step = (
            case.clearance_steps.filter(round=case.clearance_round, state="pending")
            .order_by("order")
            .first()
        )
        return step is not None and permissions.can_act_on_step(actor, step)
    return permissions.can_edit_draft(actor, case)


def accept_flag(*, case: Case, actor: Any, text: str, status: str, reason: str) -> FigureAcceptance:
    """Let one flag of the latest version stand, with a reason. Accepting what is already
    accepted returns that acceptance and writes nothing; a number that is not flagged in the
    latest version (fixed meanwhile, or changed) is refused."""
    require(can_accept_flags(actor, case), "You may not accept figures on this draft.")
    reason = reason.replace("\r\n", "\n").strip()
    if not reason:
        raise ValidationError({"reason": "Say why the figure can stand as it is"})
    if len(reason) > MAX_REASON_CHARS:
        raise ValidationError(
            {"reason": f"The reason must be {MAX_REASON_CHARS:,} characters or fewer"}
        )
    check = figures.check_case(case)
    flag = next((f for f in check.flags if f.text == text and f.status == status), None)
    if flag is None:
        raise ValidationError(
            {
                "text": f"“{text}” is not flagged in version {check.version_number}: "
                "nothing to accept"
            }
        )
    if flag.acceptance is not None:
        return flag.acceptance
    try:
        with transaction.atomic():
            acceptance = FigureAcceptance.objects.create(
                case=case,
                version_number=check.version_number,
                text=text,
                status=status,
                reason=reason,
                accepted_by=actor,
            )
            record(
                actor,
                "figure_accepted",
                case,
                version=check.version_number,
                figure=flag.as_written,
                status=status,
                reason=reason,
            )
    except IntegrityError:
        # A double submit: the first acceptance stands, and was audited once.
        return FigureAcceptance.objects.get(
            case=case, version_number=check.version_number, text=text, status=status
        )
    return acceptance
