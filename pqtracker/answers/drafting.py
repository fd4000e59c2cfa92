"""Writes for drafting: versions, restores, comments. Audited, atomic, never overwriting.

Every save is a new ``DraftVersion``. A save names the version the editor was based on; when a
newer version exists (someone else saved meanwhile), the save is still kept, as a version
flagged as a conflict (``based_on`` is not the version before it), and the editor shows both
texts side by side for the person to choose. The next number is claimed by a conditional update
of ``Case.latest_version`` from the number read, so two saves racing on one base can never both
take it: the loser reads again and is recorded as the conflict it is.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from pqtracker.answers import permissions
from pqtracker.answers.drafting_rules import DraftText, SaveDecision, decide_save, is_conflict
from pqtracker.answers.models import (
    EDITABLE_STATUSES,
    AnswerType,
    Case,
    CaseStatus,
    Comment,
    DraftVersion,
)
from pqtracker.answers.services import start_drafting
from pqtracker.audit import services as audit
from pqtracker.audit.models import AuditVerb
from pqtracker.parliament.models import WrittenQuestion
from pqtracker.search.services import referral_answer

MAX_ANSWER_CHARS = 20_000
MAX_NOTE_CHARS = 20_000
MAX_COMMENT_CHARS = 5_000
# A save that lost the race for a number reads again; more than this many losses in a row means
# something else is wrong.
_CLAIM_ATTEMPTS = 5


class NotEditable(Exception):
    """The case's status does not allow changes to the draft (e.g. it is in clearance)."""

    def __init__(self, case: Case) -> None:
        self.status = case.get_status_display()
        super().__init__(f"The draft cannot be changed while the question is {self.status}.")


@dataclass(frozen=True)
class SaveResult:
    decision: SaveDecision
    version: DraftVersion | None  # the new version, or the latest when nothing changed
    # When a conflict: the latest version before this save, which it did not start from.
    conflict_with: DraftVersion | None = None

    @property
    def saved(self) -> bool:
        return self.decision != SaveDecision.UNCHANGED


def _text_of(version: DraftVersion) -> DraftText:
    return DraftText(version.answer_text, version.background_note, version.answer_type)


def _validate(text: DraftText) -> None:
    errors = {}
    if len(text.answer_text) > MAX_ANSWER_CHARS:
        errors["answer_text"] = f"Answer must be {MAX_ANSWER_CHARS:,} characters or fewer"
    if len(text.background_note) > MAX_NOTE_CHARS:
        errors["background_note"] = (
            f"Background note must be {MAX_NOTE_CHARS:,} characters or fewer"
        )
    if text.answer_type not in AnswerType.values:
        errors["answer_type"] = "Select an answer type"
    if errors:
        raise ValidationError(errors)


def _check_edit(user: Any, case: Case) -> None:
    # Status first: permissions.can_edit_draft is also False outside the editable statuses, and
    # "it is in clearance" is the answer the team's own drafters need.
    if case.status not in EDITABLE_STATUSES:
        raise NotEditable(case)
    if not permissions.can_edit_draft(user, case):
        raise PermissionDenied("You may not change this draft.")


def latest_version(case: Case) -> DraftVersion | None:
    return case.versions.select_related("author").order_by("-number").first()


class _NumberTaken(Exception):
    """The version number claimed is already a row: the attempt must be rolled back whole."""


def _write(
    *,
    case: Case,
    user: Any,
    text: DraftText,
    base_number: int | None,
    verb: AuditVerb,
    restored_from: int | None = None,
) -> SaveResult:
    for _ in range(_CLAIM_ATTEMPTS):
        try:
            result = _attempt(
                case=case,
                user=user,
                text=text,
                base_number=base_number,
                verb=verb,
                restored_from=restored_from,
            )
        except _NumberTaken:
            # A row with the claimed number exists though latest_version was behind it (written
            # another way): never overwrite. The attempt was rolled back whole, its claim with
            # it (no savepoint: two round trips fewer on every autosave); the next one reads the
            # table again.
            continue
        if result is not None:
            return result
    raise RuntimeError(f"Could not claim a version number for case {case.pk}")


def _attempt(
    *,
    case: Case,
    user: Any,
    text: DraftText,
    base_number: int | None,
    verb: AuditVerb,
    restored_from: int | None,
) -> SaveResult | None:
    """One try at a save, in one transaction: None when another save claimed the number first."""
    with transaction.atomic():
        current = Case.objects.select_related("question").get(pk=case.pk)
        _check_edit(user, current)
        latest = latest_version(current)
        latest_number = latest.number if latest else 0
        # A restore is made on whatever is latest: it copies, and replaces nothing.
        base = latest_number if restored_from is not None else base_number
        decision = decide_save(
            base_number=base,
            latest_number=latest_number,
            latest=_text_of(latest) if latest else None,
            new=text,
        )
        if decision == SaveDecision.UNCHANGED:
            return SaveResult(decision, latest)
        number = max(latest_number, current.latest_version) + 1
        # The claim: only one save moves latest_version on from the number it read.
        claimed = Case.objects.filter(
            pk=case.pk, latest_version=current.latest_version, status__in=EDITABLE_STATUSES
        ).update(latest_version=number, answer_type=text.answer_type, updated_at=timezone.now())
        if not claimed:
            return None  # another save took the number: read again
        try:
            version = DraftVersion.objects.create(
                case=current,
                number=number,
                answer_text=text.answer_text,
                background_note=text.background_note,
                answer_type=text.answer_type,
                author=user,
                # 0: the editor started from nothing although a version existed.
                based_on=base or (0 if latest_number else None),
                restored_from=restored_from,
            )
        except IntegrityError as exc:
            raise _NumberTaken from exc  # out of the atomic block, which rolls it all back
        if current.status in (CaseStatus.ACCEPTED, CaseStatus.HOLDING):
            # The first save of an accepted case (or of the full answer after a holding one)
            # starts drafting, in the same transaction as the version.
            start_drafting(case=current, actor=user)
        conflict = is_conflict(number=version.number, based_on=version.based_on)
        audit.record(
            actor=user,
            verb=verb,
            target=current,
            data={
                "version": number,
                "based_on": version.based_on,
                "restored_from": restored_from,
                "conflict": conflict,
                "answer_type": text.answer_type,
            },
        )
        case.latest_version = number
        return SaveResult(
            SaveDecision.CONFLICT if conflict else SaveDecision.SAVE,
            version,
            latest if conflict else None,
        )


def save_version(
    *,
    case: Case,
    user: Any,
    answer_text: str,
    background_note: str,
    answer_type: str,
    base_number: int | None,
) -> SaveResult:
    """Save the editor's text as a new version of the draft.

    Identical to the latest version: nothing is written. Based on an older version than the
    latest: written all the same and returned as a conflict, with the version it collided with.
    Refused (NotEditable) when the case is not in an editable status, and PermissionDenied for
    anyone but the case's team's drafters and the PQ team.
    """
    text = DraftText.normalised(answer_text, background_note, answer_type)
    _validate(text)
    return _write(
        case=case, user=user, text=text, base_number=base_number, verb=AuditVerb.ANSWERS_DRAFT_SAVED
    )


def restore_version(*, case: Case, user: Any, number: int) -> SaveResult:
    """A new version copying version ``number``: the versions after it stay as they were."""
    old = DraftVersion.objects.get(case=case, number=number)
    return _write(
        case=case,
        user=user,
        text=_text_of(old),
        base_number=None,
        verb=AuditVerb.ANSWERS_DRAFT_RESTORED,
        restored_from=number,
    )


def refer_to_answer(
    *, case: Case, user: Any, earlier: WrittenQuestion, base_number: int | None
) -> SaveResult:
    """A new version with the standard referral wording for ``earlier`` added to the answer."""
    wording = referral_answer(case.question, earlier)
    if not wording:
        raise ValidationError({"refer": "That question has no answer to refer to"})
    latest = latest_version(case)
    if latest is None or not latest.answer_text:
        # An answer that is only the referral is a referral answer.
        answer_text, answer_type = wording, str(AnswerType.REFERRAL)
    else:
        answer_text, answer_type = f"{latest.answer_text}\n\n{wording}", latest.answer_type
    return save_version(
        case=case,
        user=user,
        answer_text=answer_text,
        background_note=latest.background_note if latest else "",
        answer_type=answer_type,
        base_number=base_number,
    )


def start_from_answer(
    *, case: Case, user: Any, earlier: WrittenQuestion, base_number: int | None
) -> SaveResult:
    """A new version whose answer is the text of ``earlier``'s current answer."""
    answer = earlier.current_answer
    if answer is None or not answer.answer_text.strip():
        raise ValidationError({"start_from": "That question has no answer to start from"})
    latest = latest_version(case)
    return save_version(
        case=case,
        user=user,
        answer_text=answer.answer_text,
        background_note=latest.background_note if latest else "",
        answer_type=latest.answer_type if latest else AnswerType.SUBSTANTIVE,
        base_number=base_number,
    )


@transaction.atomic
def add_comment(*, case: Case, user: Any, text: str) -> Comment:
    if not permissions.can_comment(user, case):
        raise PermissionDenied("You may not comment on this question.")
    text = text.replace("\r\n", "\n").strip()
    if not text:
        raise ValidationError({"text": "Enter a comment"})
    if len(text) > MAX_COMMENT_CHARS:
        raise ValidationError(
            {"text": f"Comment must be {MAX_COMMENT_CHARS:,} characters or fewer"}
        )
    comment = Comment.objects.create(case=case, author=user, text=text)
    audit.record(
        actor=user, verb=AuditVerb.ANSWERS_COMMENT_ADDED, target=case, data={"comment": comment.pk}
    )
    return comment
