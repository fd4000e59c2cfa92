"""Near-duplicates flagged at intake.

When the write path records questions that are new to us, a task checks each one against the
questions tabled in the three months before it (``services.near_duplicates``: the same engine
candidates and word-set similarity as the question page) and keeps what it finds as
``NearDuplicate`` rows, so the question list and search results can tag them without
recomputing anything. The referral answer is not stored: it is made from the earlier question's
current answer whenever it is shown, so an answer that arrives later is still offered.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from pqtracker.audit import services as audit
from pqtracker.audit.models import AuditVerb
from pqtracker.parliament import generation
from pqtracker.parliament.models import QuestionStatus, WrittenQuestion
from pqtracker.search import services
from pqtracker.search.index import index_pending
from pqtracker.search.models import NearDuplicate

# The flag helps whoever handles a question while it is still to be answered: one that reaches
# us already answered (a backfill of earlier sessions) is not flagged, and one answered since
# it was flagged is no longer tagged (``NearDuplicate.objects.flagged_among``).
AT_INTAKE = (QuestionStatus.UNANSWERED, QuestionStatus.HOLDING)

# One task checks at most this many questions, so a large import is spread over several tasks
# (and several workers, where there are several).
CHUNK = 500


def chunks(ids: list[int]) -> list[list[int]]:
    return [ids[start : start + CHUNK] for start in range(0, len(ids), CHUNK)]


@dataclass(frozen=True)
class FlagResult:
    checked: int
    flagged: list[tuple[int, int]]  # (question id, earlier question id) now flagged
    added: list[tuple[int, int]]
    removed: list[tuple[int, int]]


def flag_near_duplicates(*, question_ids: Iterable[int]) -> FlagResult:
    """Check each question still to be answered against those tabled in the three months
    before it; keep the near-duplicates found as ``NearDuplicate`` rows.

    Idempotent: a rerun leaves the rows (and their ``found_at``) as they are, and records no
    audit event, unless the record changed meanwhile; then the flags follow it and the change is
    audited. Ids of questions we no longer hold are ignored.
    """
    # The candidates come from the search index, which an import's large batch fills after it
    # commits (ADR 3): a re-ask in the same batch as its original must already be there.
    index_pending(wait=True)
    return _flag(list(question_ids))


@transaction.atomic
def _flag(question_ids: list[int]) -> FlagResult:
    questions = list(WrittenQuestion.objects.for_listing().filter(pk__in=question_ids))
    existing: dict[tuple[int, int], NearDuplicate] = {
        (row.question_id, row.duplicate_of_id): row
        for row in NearDuplicate.objects.filter(question__in=questions)
    }
    found: dict[tuple[int, int], float] = {}
    for question in questions:
        if question.status not in AT_INTAKE:
            continue  # past intake: no flags (any it had are removed below)
        for duplicate in services.near_duplicates(question):
            found[(question.pk, duplicate.question.pk)] = round(duplicate.similarity, 6)

    now = timezone.now()
    added = sorted(set(found) - set(existing))
    removed = sorted(set(existing) - set(found))
    NearDuplicate.objects.bulk_create(
        [
            NearDuplicate(question_id=q, duplicate_of_id=d, similarity=found[(q, d)], found_at=now)
            for q, d in added
        ],
        # Two tasks checking one question at once (a retry beside a slow first run) would find
        # the same pairs: the second insert of a pair is a no-op, not an error.
        ignore_conflicts=True,
    )
    if removed:
        NearDuplicate.objects.filter(pk__in=[existing[pair].pk for pair in removed]).delete()
    moved = [
        row for pair, row in existing.items() if pair in found and row.similarity != found[pair]
    ]
    for row in moved:
        row.similarity = found[(row.question_id, row.duplicate_of_id)]
    if moved:
        NearDuplicate.objects.bulk_update(moved, ["similarity"])

    result = FlagResult(len(questions), sorted(found), added, removed)
    if added or removed or moved:
        # The list's "possible duplicates" filter reads these flags (a kept count would not).
        generation.advance()
    if added or removed:
        # Only a change is recorded, so that a rerun writes nothing at all.
        audit.record(
            actor=None,
            verb=AuditVerb.NEAR_DUPLICATES_FLAGGED,
            data={
                "questions_checked": len(questions),
                "added": [list(pair) for pair in added],
                "removed": [list(pair) for pair in removed],
            },
        )
    return result


@dataclass(frozen=True)
class Flag:
    """An intake flag as the question page shows it."""

    question: WrittenQuestion  # the earlier question
    similarity: float
    referral_answer: str


# Flags as the question page shows them, kept by the process under the record's generation
# (which every change to the flags, below, advances).
_FLAGS = generation.Kept("intake flags", size=2_000, shared=True)


def flags_for(question: WrittenQuestion) -> list[Flag]:
    """The earlier questions ``question`` was flagged against, most similar first, each with a
    referral answer if it has a substantive answer."""
    return _FLAGS.get(("flags", question.pk), lambda: _flags_for(question))


def _flags_for(question: WrittenQuestion) -> list[Flag]:
    rows = NearDuplicate.objects.filter(question=question).select_related(
        "duplicate_of__asking_member", "duplicate_of__answering_body"
    )
    return [
        Flag(
            row.duplicate_of,
            row.similarity,
            services.referral_answer(question, row.duplicate_of),
        )
        for row in rows
    ]
