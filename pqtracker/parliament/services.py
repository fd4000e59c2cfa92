"""Writes to the public record. Every source (API import, web page, demo data) comes through here,
so each change Parliament makes is recorded once, the same way, with its source and import run."""

from __future__ import annotations

import datetime
import enum
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone

from pqtracker.parliament.bulk_sql import answer_digest
from pqtracker.parliament.models import (
    Answer,
    AnswerAttachment,
    AnsweringBody,
    ImportRun,
    Member,
    QuestionChange,
    QuestionGroupLink,
    WrittenQuestion,
)
from pqtracker.parliament.records import AnswerRecord, BodyRef, MemberRef, QuestionRecord
from pqtracker.parliament.sessions import session_for
from pqtracker.parliament.signals import questions_written


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


def _display(value: Any) -> str:
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


def resolve_member(ref: MemberRef) -> Member | None:
    """The member a source names, creating a placeholder the Members API import fills in later."""
    if not ref:
        return None
    if ref.parliament_id:
        member, created = Member.objects.get_or_create(
            parliament_id=ref.parliament_id,
            defaults={"name_display": ref.name or f"Member {ref.parliament_id}"},
        )
        if not created and ref.name and member.name_display.startswith("Member "):
            member.name_display = ref.name
            member.save(update_fields=["name_display"])
        return member
    existing = (
        Member.objects.filter(name_display__iexact=ref.name).order_by("parliament_id").first()
    )
    if existing is not None:
        return existing
    return Member.objects.create(name_display=ref.name)


def resolve_body(ref: BodyRef) -> AnsweringBody | None:
    if not ref:
        return None
    if ref.parliament_id:
        body, created = AnsweringBody.objects.get_or_create(
            parliament_id=ref.parliament_id,
            defaults={"name": ref.name or f"Body {ref.parliament_id}"},
        )
        if not created and ref.name and body.name != ref.name:
            body.name = ref.name
            body.save(update_fields=["name"])
        return body
    existing = AnsweringBody.objects.filter(name__iexact=ref.name).order_by("parliament_id").first()
    return existing or AnsweringBody.objects.create(name=ref.name)


def find_question(record: QuestionRecord) -> WrittenQuestion | None:
    if record.parliament_id is not None:
        found = WrittenQuestion.objects.filter(parliament_id=record.parliament_id).first()
        if found is not None:
            return found
    # A question first read from a web page (no API id yet) is adopted by the API record that
    # names the same house, UIN and tabled date.
    candidates = WrittenQuestion.objects.lookup(
        house=record.house, uin=record.uin, date_tabled=record.date_tabled
    )
    if record.parliament_id is not None:
        candidates = candidates.filter(parliament_id__isnull=True)
    return candidates.order_by("id").first()


@transaction.atomic
def upsert_question(
    *,
    record: QuestionRecord,
    source: str = QuestionChange.Source.API,
    import_run: ImportRun | None = None,
    seen_at: datetime.datetime | None = None,
) -> UpsertResult:
    """Create or update one question and its answer from what a source says about it.

    Records every changed field in the question's change history. A new answer version never
    overwrites the one before: holding answers, and answers before correction, are kept.
    """
    now = seen_at or timezone.now()
    question = find_question(record)
    if question is not None:
        question = WrittenQuestion.objects.select_for_update().get(pk=question.pk)
    values = question_values(
        record,
        asking_member=resolve_member(record.asking_member),
        answering_body=resolve_body(record.answering_body),
    )
    changes: list[QuestionChange] = []
    if question is None:
        question = WrittenQuestion(
            parliament_id=record.parliament_id,
            source=source if source != QuestionChange.Source.ADMIN else QuestionChange.Source.API,
            session=session_for(record.date_tabled),
            **values,
        )
        outcome = Outcome.NEW
    else:
        outcome = Outcome.UNCHANGED
        for name in TRACKED_FIELDS:
            old, new = getattr(question, name), values[name]
            if old != new:
                changes.append(
                    QuestionChange(
                        question=question,
                        field=name,
                        old_value=_display(old),
                        new_value=_display(new),
                        changed_at=now,
                        source=source,
                        import_run=import_run,
                    )
                )
                setattr(question, name, new)
        if record.parliament_id is not None and question.parliament_id is None:
            question.parliament_id = record.parliament_id
        question.session = session_for(question.date_tabled)
    if source == QuestionChange.Source.API:
        question.last_seen_at = now
        question.missing_since = None
    question.save()

    changes.extend(
        _record_answer(
            question=question,
            record=record.answer,
            now=now,
            source=source,
            import_run=import_run,
            question_is_new=outcome is Outcome.NEW,
        )
    )
    _sync_group_links(question=question, grouped=record.grouped)
    refresh_denormalised(question=question)
    if changes:
        QuestionChange.objects.bulk_create(changes)
        outcome = Outcome.UPDATED
    if outcome is not Outcome.UNCHANGED:
        questions_written.send(
            sender=WrittenQuestion,
            question_ids=[question.pk],
            new_question_ids=[question.pk] if outcome is Outcome.NEW else [],
        )
    return UpsertResult(question, outcome, tuple(change.field for change in changes))


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
            plan.changes.append((f"answer.{name}", _display(old), _display(new)))
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


def _record_answer(
    *,
    question: WrittenQuestion,
    record: AnswerRecord | None,
    now: datetime.datetime,
    source: str,
    import_run: ImportRun | None,
    question_is_new: bool,
) -> list[QuestionChange]:
    if record is None:
        return []
    current = question.answers.filter(is_current=True).select_related("answering_member").first()
    plan = plan_answer(
        current=current,
        record=record,
        answering_member=resolve_member(record.answering_member),
        question_is_new=question_is_new,
    )
    if plan.action == "none":
        return []
    correcting_member = resolve_member(record.correcting_member)
    if plan.action == "in_place":
        assert current is not None
        _replace_attachments(current, record)
        current.original_answer_html, current.original_answer_text = (
            plan.original_html,
            plan.original_text,
        )
        current.correcting_member = correcting_member
        current.source_hash = plan.digest
        current.save(
            update_fields=[
                "original_answer_html",
                "original_answer_text",
                "correcting_member",
                "source_hash",
            ]
        )
        return []
    if current is not None:
        Answer.objects.filter(pk=current.pk, is_current=True).update(
            is_current=False, superseded_at=now
        )
    answer = Answer.objects.create(
        question=question,
        is_current=True,
        answer_html=record.answer_html,
        original_answer_html=plan.original_html,
        original_answer_text=plan.original_text,
        correcting_member=correcting_member,
        source_hash=plan.digest,
        **plan.values,
    )
    _replace_attachments(answer, record)
    return [
        QuestionChange(
            question=question,
            field=name,
            old_value=old,
            new_value=new,
            changed_at=now,
            source=source,
            import_run=import_run,
        )
        for name, old, new in plan.changes
    ]


def _replace_attachments(answer: Answer, record: AnswerRecord) -> None:
    answer.attachments.all().delete()
    AnswerAttachment.objects.bulk_create(
        AnswerAttachment(
            answer=answer,
            url=item.url,
            title=item.title,
            file_type=item.file_type,
            file_size_bytes=item.file_size_bytes,
        )
        for item in record.attachments
    )


def _sync_group_links(
    *, question: WrittenQuestion, grouped: tuple[tuple[str, datetime.date | None], ...]
) -> None:
    wanted = {(uin, day) for uin, day in grouped if uin and uin != question.uin}
    existing = {(link.uin, link.date_tabled): link for link in question.group_links.all()}
    for key, link in existing.items():
        if key not in wanted:
            link.delete()
    for uin, day in wanted - set(existing):
        QuestionGroupLink.objects.create(question=question, uin=uin, date_tabled=day)
    resolve_group_links(question=question)


def resolve_group_links(*, question: WrittenQuestion) -> None:
    """Point group links at the questions we hold, in both directions."""
    for link in question.group_links.filter(grouped_question__isnull=True):
        candidates = WrittenQuestion.objects.filter(house=question.house, uin=link.uin)
        if link.date_tabled is not None:
            candidates = candidates.filter(date_tabled=link.date_tabled)
        else:
            candidates = candidates.filter(session=question.session)
        target = candidates.order_by("-date_tabled").first()
        if target is not None:
            link.grouped_question = target
            link.save(update_fields=["grouped_question"])
    QuestionGroupLink.objects.filter(
        grouped_question__isnull=True, uin=question.uin, question__house=question.house
    ).filter(date_tabled=question.date_tabled).update(grouped_question=question)


def refresh_denormalised(*, question: WrittenQuestion) -> None:
    """Keep the list's status, answered date and minister in step with the current answer."""
    current = question.answers.filter(is_current=True).first()
    status = question.derive_status(current)
    fields = {
        "status": status,
        "date_answered": current.date_answered if current else None,
        "answering_member_id": current.answering_member_id if current else None,
    }
    if any(getattr(question, key) != value for key, value in fields.items()):
        WrittenQuestion.objects.filter(pk=question.pk).update(**fields)
        for key, value in fields.items():
            setattr(question, key, value)


@transaction.atomic
def mark_withdrawn(
    *, question: WrittenQuestion, source: str, import_run: ImportRun | None = None
) -> bool:
    """Mark a question withdrawn (never deleted). Returns False if it already was."""
    now = timezone.now()
    updated = WrittenQuestion.objects.filter(pk=question.pk, is_withdrawn=False).update(
        is_withdrawn=True
    )
    if not updated:
        return False
    QuestionChange.objects.create(
        question=question,
        field="is_withdrawn",
        old_value="No",
        new_value="Yes",
        changed_at=now,
        source=source,
        import_run=import_run,
    )
    question.is_withdrawn = True
    refresh_denormalised(question=question)
    questions_written.send(sender=WrittenQuestion, question_ids=[question.pk], new_question_ids=[])
    return True


def upsert_questions(
    *,
    records: list[QuestionRecord],
    source: str = QuestionChange.Source.API,
    import_run: ImportRun | None = None,
    seen_at: datetime.datetime | None = None,
    fingerprints: Mapping[int, str] | None = None,
) -> list[UpsertResult]:
    """Many records in a few queries, with ``upsert_question``'s results (see ``batch``)."""
    from pqtracker.parliament.batch import upsert_questions as batch_upsert

    return batch_upsert(
        records=records,
        source=source,
        import_run=import_run,
        seen_at=seen_at,
        fingerprints=fingerprints,
    )
