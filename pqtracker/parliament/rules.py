"""The public record's pure write rules, shared by the single and the batch write paths.

No queries and no writes: what a record's fields are, whether a change is worth recording and
how it reads in the change history, and what to do with a question's answer. ``services`` (one
record) and ``batch`` (many) both apply these, so they cannot drift apart.
"""

from __future__ import annotations

import datetime
import enum
from dataclasses import dataclass, field
from typing import Any

from pqtracker.parliament.bulk_sql import answer_digest
from pqtracker.parliament.models import Answer, AnsweringBody, Member, WrittenQuestion
from pqtracker.parliament.records import AnswerRecord, QuestionRecord


class Outcome(enum.StrEnum):
    NEW = "new"
    UPDATED = "updated"
    UNCHANGED = "unchanged"


@dataclass(frozen=True)
class UpsertResult:
    question: WrittenQuestion
    outcome: Outcome
    changed_fields: tuple[str, ...] = ()


# Question fields compared and recorded in the change history, in display order.
TRACKED_FIELDS = (
    "uin",
    "house",
    "date_tabled",
    "date_for_answer",
    "is_named_day",
    "heading",
    "question_text",
    "asking_member",
    "answering_body",
    "member_has_interest",
    "is_withdrawn",
)
# Answer fields whose change makes a new answer version (the old one is kept).
ANSWER_FIELDS = (
    "answer_text",
    "is_holding",
    "is_correction",
    "date_answered",
    "date_holding_answer",
    "date_corrected",
    "answering_member",
)


def display(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


def question_values(
    record: QuestionRecord, *, asking_member: Member | None, answering_body: AnsweringBody | None
) -> dict[str, Any]:
    """The question's tracked fields as the record states them (members and body resolved)."""
    return {
        "uin": record.uin,
        "house": record.house,
        "date_tabled": record.date_tabled,
        "date_for_answer": record.date_for_answer,
        "is_named_day": record.is_named_day,
        "heading": record.heading,
        "question_text": record.question_text,
        "asking_member": asking_member,
        "answering_body": answering_body,
        "member_has_interest": record.member_has_interest,
        "is_withdrawn": record.is_withdrawn,
    }


@dataclass
class AnswerPlan:
    """What to do with a question's answer, decided from what we hold and what the source says.

    Pure (no queries), so the single and the batch write paths apply exactly the same rules.
    """

    action: str  # "none", "in_place" (same answer, new details) or "new" (a new version)
    digest: str = ""
    values: dict[str, Any] = field(default_factory=dict)
    original_html: str = ""
    original_text: str = ""
    changes: list[tuple[str, str, str]] = field(default_factory=list)


_ANSWER_DEFAULTS: dict[str, Any] = {
    "answer_text": "",
    "is_holding": False,
    "is_correction": False,
    "date_answered": None,
    "date_holding_answer": None,
    "date_corrected": None,
    "answering_member": None,
}


def plan_answer(
    *,
    current: Answer | None,
    record: AnswerRecord | None,
    answering_member: Member | None,
    question_is_new: bool,
) -> AnswerPlan:
    if record is None:
        # Parliament does not take answers back; a record without one (a listing that predates
        # the answer, or a page that shows only the question) leaves what we hold alone.
        return AnswerPlan("none")
    digest = answer_digest(record)
    if current is not None and current.source_hash == digest:
        return AnswerPlan("none")
    values = {
        "answer_text": record.answer_text,
        "is_holding": record.is_holding,
        "is_correction": record.is_correction,
        "date_answered": record.date_answered,
        "date_holding_answer": record.date_holding_answer,
        "date_corrected": record.date_corrected,
        "answering_member": answering_member,
    }
    original_html, original_text = record.original_answer_html, record.original_answer_text
    if (
        record.is_correction
        and not original_html
        and current is not None
        and not current.is_correction
    ):
        # The API often leaves originalAnswerText empty: the answer we held is the original.
        original_html, original_text = current.answer_html, current.answer_text
    elif record.is_correction and not original_html and current is not None:
        original_html, original_text = current.original_answer_html, current.original_answer_text
    plan = AnswerPlan("new", digest, values, original_html, original_text)
    if question_is_new:
        return plan
    # The first answer to a question we already hold is a change too (compared with "no answer").
    for name in ANSWER_FIELDS:
        old = getattr(current, name) if current is not None else _ANSWER_DEFAULTS[name]
        new = values[name]
        if old != new:
            plan.changes.append((f"answer.{name}", display(old), display(new)))
    if current is None:
        if record.answer_html and not plan.changes:
            plan.changes.append(("answer.answer_html", "", record.answer_html))
        return plan
    if not plan.changes and current.answer_html == record.answer_html:
        # Only presentation-neutral details (attachments, original text) differ: update in place.
        plan.action = "in_place"
        return plan
    if not plan.changes:
        plan.changes.append(("answer.answer_html", current.answer_html, record.answer_html))
    return plan
