"""Writes to the public record. Every source (API import, web page, demo data) comes through here,
so each change Parliament makes is recorded once, the same way, with its source and import run."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

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
from pqtracker.parliament.rules import (
    TRACKED_FIELDS,
    Outcome,
    UpsertResult,
    display,
    plan_answer,
    question_values,
)
from pqtracker.parliament.sessions import session_for
from pqtracker.parliament.signals import questions_written


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
                        old_value=display(old),
                        new_value=display(new),
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
    """Keep the list's status, answered date, minister and on-time state in step with the
    current answer."""
    current = question.answers.filter(is_current=True).first()
    status = question.derive_status(current)
    date_answered = current.date_answered if current else None
    fields = {
        "status": status,
        "date_answered": date_answered,
        "answering_member_id": current.answering_member_id if current else None,
        **question.deadline_values(status=status, date_answered=date_answered),
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
