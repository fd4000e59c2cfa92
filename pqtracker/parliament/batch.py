"""The batch write path: many question records in a few queries, with the single path's results.

``services.upsert_question`` writes one record in about fifteen queries, which caps an import at a
few hundred records a second. This path prefetches the questions, members, bodies, answers and group
links of a whole batch, decides every change with the same pure rules (``rules.plan_answer``,
``TRACKED_FIELDS``) and writes with ``bulk_create``/``bulk_update``. Tests hold it equal to the
single path on Parliament's real timelines.
"""

from __future__ import annotations

import contextlib
import datetime
import gc
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from pqtracker.parliament.batch_refs import resolve_bodies, resolve_members
from pqtracker.parliament.bulk_sql import insert_objects, new_instance, set_column
from pqtracker.parliament.models import (
    Answer,
    AnswerAttachment,
    ImportRun,
    Member,
    QuestionChange,
    QuestionGroupLink,
    WrittenQuestion,
)
from pqtracker.parliament.planner_stats import analyze_grown_tables
from pqtracker.parliament.records import AnswerRecord, MemberRef, QuestionRecord
from pqtracker.parliament.rules import (
    TRACKED_FIELDS,
    AnswerPlan,
    Outcome,
    UpsertResult,
    display,
    plan_answer,
    question_values,
)
from pqtracker.parliament.services import upsert_question
from pqtracker.parliament.sessions import session_for
from pqtracker.parliament.signals import questions_written

_FK_FIELDS = {"asking_member", "answering_body"}
_DENORMALISED = (
    "status",
    "date_answered",
    "answering_member",
    "on_time_by",
    "answered_on_time",
    "answer_working_days",
)


@dataclass
class _Item:
    index: int
    record: QuestionRecord
    question: WrittenQuestion
    is_new: bool
    changes: list[tuple[str, str, str]]
    plan: AnswerPlan
    current: Answer | None


def upsert_questions(
    *,
    records: Sequence[QuestionRecord],
    source: str = QuestionChange.Source.API,
    import_run: ImportRun | None = None,
    seen_at: datetime.datetime | None = None,
    fingerprints: Mapping[int, str] | None = None,
) -> list[UpsertResult]:
    """Upsert many records at once; results are in the order of ``records``.

    A record naming a question already earlier in the batch waits for the next round, so the
    outcome is the same as writing the records one by one in order. ``fingerprints`` (API id →
    listing fingerprint) are stored with the rows in the same statements, not in another pass.
    """
    now = seen_at or timezone.now()
    results: list[UpsertResult | None] = [None] * len(records)
    with _without_cycle_collection(), transaction.atomic():
        pending = list(enumerate(records))
        while pending:
            round_items, deferred = [], []
            seen_keys: set[Any] = set()
            for index, record in pending:
                if record.parliament_id is None:
                    # Page records match on house/UIN/date only: rare, so the single path serves.
                    results[index] = _single(record, source, import_run, now)
                    continue
                keys = {
                    ("id", record.parliament_id),
                    (record.house, record.uin, record.date_tabled),
                }
                if keys & seen_keys:
                    deferred.append((index, record))
                    continue
                seen_keys |= keys
                round_items.append((index, record))
            for index, result in _upsert_round(
                round_items, source, import_run, now, fingerprints or {}
            ):
                results[index] = result
            pending = deferred
        changed = sorted(
            {r.question.pk for r in results if r is not None and r.outcome is not Outcome.UNCHANGED}
        )
        if changed:
            created = sorted(
                {r.question.pk for r in results if r is not None and r.outcome is Outcome.NEW}
            )
            questions_written.send(
                sender=WrittenQuestion, question_ids=changed, new_question_ids=created
            )
            if created:
                # robust: statistics are a planning aid; failing to refresh them loses nothing.
                transaction.on_commit(analyze_grown_tables, robust=True)
    return [r for r in results if r is not None]


@contextlib.contextmanager
def _without_cycle_collection() -> Iterator[None]:
    """Pause Python's cycle collector for one batch write.

    A batch of 500 makes about 100,000 short-lived objects (model instances, rows, parameters),
    which reference counting frees; each of them counts towards the collector's next pass, and a
    pass also walks everything Django and the process already hold. Those passes were about 15%
    of the write (SQLite 122 -> 105 µs a record at 20,000 questions) and found nothing to free.
    Cycles made meanwhile are collected once it resumes.
    """
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def _single(
    record: QuestionRecord, source: str, import_run: ImportRun | None, now: datetime.datetime
) -> UpsertResult:
    return upsert_question(record=record, source=source, import_run=import_run, seen_at=now)


# --- One round: no question twice ---------------------------------------------------------------


def _find_existing(records: list[QuestionRecord]) -> dict[int, WrittenQuestion]:
    """Existing questions by record position: by API id, else a page question to adopt.

    One query for both: the page questions (no API id yet) come along by UIN.
    """
    by_id: dict[int, WrittenQuestion] = {}
    orphans: dict[tuple[str, str, datetime.date], WrittenQuestion] = {}
    wanted = Q(parliament_id__any=[r.parliament_id for r in records]) | Q(
        parliament_id__isnull=True, uin__any={r.uin for r in records}
    )
    for question in (
        WrittenQuestion.objects.select_related("asking_member", "answering_body")
        .select_for_update(of=("self",))
        .filter(wanted)
        .order_by("-id")
    ):
        if question.parliament_id is not None:
            by_id[question.parliament_id] = question
        else:  # lowest id wins, as in services.find_question
            orphans[(question.house, question.uin, question.date_tabled)] = question
    found: dict[int, WrittenQuestion] = {}
    for position, record in enumerate(records):
        match: WrittenQuestion | None = None
        if record.parliament_id is not None:
            match = by_id.get(record.parliament_id)
        if match is None:
            match = orphans.pop((record.house, record.uin, record.date_tabled), None)
        if match is not None:
            found[position] = match
    return found


def _upsert_round(
    pairs: list[tuple[int, QuestionRecord]],
    source: str,
    import_run: ImportRun | None,
    now: datetime.datetime,
    fingerprints: Mapping[int, str],
) -> list[tuple[int, UpsertResult]]:
    if not pairs:
        return []
    records = [record for _, record in pairs]
    existing = _find_existing(records)
    members = resolve_members(
        ref
        for record in records
        for ref in (
            record.asking_member,
            record.answer.answering_member if record.answer else MemberRef(),
        )
    )
    bodies = resolve_bodies(record.answering_body for record in records)
    currents = (
        {
            answer.question_id: answer
            for answer in Answer.objects.filter(
                question_id__any=[q.pk for q in existing.values()], is_current=True
            )
            .select_related("answering_member")
            .order_by()
        }
        if existing
        else {}
    )
    items: list[_Item] = []
    for position, (index, record) in enumerate(pairs):
        question = existing.get(position)
        values = question_values(
            record,
            asking_member=members[record.asking_member] if record.asking_member else None,
            answering_body=bodies[record.answering_body] if record.answering_body else None,
        )
        changes: list[tuple[str, str, str]] = []
        if question is None:
            question = new_instance(
                WrittenQuestion,
                {
                    "parliament_id": record.parliament_id,
                    "source": source
                    if source != QuestionChange.Source.ADMIN
                    else QuestionChange.Source.API,
                    "session": session_for(record.date_tabled),
                    **values,
                },
            )
            is_new = True
        else:
            is_new = False
            for name in TRACKED_FIELDS:
                old, new = getattr(question, name), values[name]
                if _differs(name, old, new):
                    changes.append((name, display(old), display(new)))
                    setattr(question, name, new)
            if question.parliament_id is None:
                question.parliament_id = record.parliament_id
            question.session = session_for(question.date_tabled)
        if source == QuestionChange.Source.API:
            question.last_seen_at = now
            question.missing_since = None
        question.updated_at = now
        if record.parliament_id is not None and record.parliament_id in fingerprints:
            question.listing_fingerprint = fingerprints[record.parliament_id]
        current = None if is_new else currents.get(question.pk)
        plan = plan_answer(
            current=current,
            record=record.answer,
            answering_member=members[record.answer.answering_member] if record.answer else None,
            question_is_new=is_new,
        )
        items.append(_Item(index, record, question, is_new, changes, plan, current))

    correcting = resolve_members(
        item.record.answer.correcting_member
        for item in items
        if item.plan.action != "none" and item.record.answer is not None
    )
    _write_questions(items)
    _write_answers(items, correcting, now)
    _write_group_links(items)
    _write_changes(items, source, import_run, now)
    results = []
    for item in items:
        fields = tuple(name for name, _, _ in item.changes) + tuple(
            name for name, _, _ in item.plan.changes if not item.is_new
        )
        outcome = Outcome.NEW if item.is_new else Outcome.UPDATED if fields else Outcome.UNCHANGED
        results.append((item.index, UpsertResult(item.question, outcome, fields)))
    return results


def _differs(name: str, old: Any, new: Any) -> bool:
    if (
        name in _FK_FIELDS
    ):  # compare by key: the prefetched and the resolved objects are not the same
        return getattr(old, "pk", None) != getattr(new, "pk", None)
    return bool(old != new)


def _denormalise(item: _Item) -> None:
    """``services.refresh_denormalised`` from the answer this batch leaves current."""
    answer: Any
    if item.plan.action == "new":
        member = item.plan.values["answering_member"]
        answer = SimpleNamespace(
            is_holding=item.plan.values["is_holding"],
            is_correction=item.plan.values["is_correction"],
            date_answered=item.plan.values["date_answered"],
            answering_member_id=member.pk if member is not None else None,
        )
    else:
        answer = item.current
    question = item.question
    question.status = question.derive_status(answer)
    question.date_answered = answer.date_answered if answer else None
    question.answering_member_id = answer.answering_member_id if answer else None
    for name, value in question.deadline_values(
        status=question.status, date_answered=question.date_answered
    ).items():
        setattr(question, name, value)


def _write_questions(items: list[_Item]) -> None:
    for item in items:
        _denormalise(item)
    new = [item.question for item in items if item.is_new]
    old = [item.question for item in items if not item.is_new]
    if new:
        insert_objects(WrittenQuestion, new)
    if old:
        WrittenQuestion.objects.bulk_update(
            old,
            [
                *TRACKED_FIELDS,
                "parliament_id",
                "session",
                "last_seen_at",
                "missing_since",
                "updated_at",
                "listing_fingerprint",
                *_DENORMALISED,
            ],
        )


def _write_answers(
    items: list[_Item], correcting: dict[MemberRef, Member | None], now: datetime.datetime
) -> None:
    superseded = [
        item.current.pk for item in items if item.plan.action == "new" and item.current is not None
    ]
    if superseded:
        Answer.objects.filter(pk__any=superseded, is_current=True).update(
            is_current=False, superseded_at=now
        )
    in_place = [item for item in items if item.plan.action == "in_place"]
    for item in in_place:
        answer, record = item.current, item.record.answer
        assert answer is not None and record is not None
        answer.original_answer_html, answer.original_answer_text = (
            item.plan.original_html,
            item.plan.original_text,
        )
        answer.correcting_member = correcting.get(record.correcting_member)
        answer.source_hash = item.plan.digest
    if in_place:
        Answer.objects.bulk_update(
            [item.current for item in in_place if item.current is not None],
            ["original_answer_html", "original_answer_text", "correcting_member", "source_hash"],
        )
        AnswerAttachment.objects.filter(
            answer_id__any=[item.current.pk for item in in_place if item.current]
        ).delete()
    fresh: list[tuple[Answer, AnswerRecord]] = []
    for item in items:
        record = item.record.answer
        if item.plan.action != "new" or record is None:
            continue
        answer = new_instance(
            Answer,
            {
                "question": item.question,
                "is_current": True,
                "answer_html": record.answer_html,
                "original_answer_html": item.plan.original_html,
                "original_answer_text": item.plan.original_text,
                "correcting_member": correcting.get(record.correcting_member),
                "source_hash": item.plan.digest,
                **item.plan.values,
            },
        )
        fresh.append((answer, record))
    if fresh:
        insert_objects(Answer, [answer for answer, _ in fresh])
    attachments = [
        AnswerAttachment(
            answer=answer,
            url=a.url,
            title=a.title,
            file_type=a.file_type,
            file_size_bytes=a.file_size_bytes,
        )
        for answer, record in [*fresh, *[(i.current, i.record.answer) for i in in_place]]
        if answer is not None and record is not None
        for a in record.attachments
    ]
    if attachments:
        insert_objects(AnswerAttachment, attachments)


def _write_group_links(items: list[_Item]) -> None:
    by_pk = {item.question.pk: item for item in items}
    existing: dict[int, dict[tuple[str, datetime.date | None], QuestionGroupLink]] = {
        pk: {} for pk in by_pk
    }
    held = [i.question.pk for i in items if not i.is_new]
    if held:  # a question written just now has no links yet
        for link in QuestionGroupLink.objects.filter(question_id__any=held).order_by():
            existing[link.question_id][(link.uin, link.date_tabled)] = link
    doomed: list[int] = []
    created: list[QuestionGroupLink] = []
    for item in items:
        question = item.question
        wanted = {(uin, day) for uin, day in item.record.grouped if uin and uin != question.uin}
        links = existing[question.pk]
        doomed.extend(link.pk for key, link in links.items() if key not in wanted)
        for uin, day in wanted - set(links):
            created.append(QuestionGroupLink(question=question, uin=uin, date_tabled=day))
    if doomed:
        QuestionGroupLink.objects.filter(pk__any=doomed).delete()
    if created:
        insert_objects(QuestionGroupLink, created)
    _resolve_group_links(items)


def _resolve_group_links(items: list[_Item]) -> None:
    """``services.resolve_group_links`` for the batch: forward links, then links pointing here."""
    order = {item.question.pk: position for position, item in enumerate(items)}
    owners = {item.question.pk: item.question for item in items}
    unresolved = list(
        QuestionGroupLink.objects.filter(question_id__any=order, grouped_question__isnull=True)
        .order_by()
        .values_list("pk", "question_id", "uin", "date_tabled")
    )
    targets: dict[tuple[str, str], list[tuple[int, datetime.date, str]]] = {}
    if unresolved:
        for pk, house, uin, day, session in (
            WrittenQuestion.objects.filter(uin__any={uin for _, _, uin, _ in unresolved})
            .order_by()
            .values_list("pk", "house", "uin", "date_tabled", "session")
        ):
            targets.setdefault((house, uin), []).append((pk, day, session))
    pointing: dict[int, int] = {}
    for link_pk, owner_pk, uin, link_day in unresolved:
        owner = owners[owner_pk]
        best = None
        for pk, day, session in targets.get((owner.house, uin), ()):
            if link_day is not None and day != link_day:
                continue
            # Written one by one, a later question of the batch did not exist yet.
            if link_day is None and (
                session != owner.session or order.get(pk, -1) > order[owner_pk]
            ):
                continue
            if best is None or day > best[1]:
                best = (pk, day)
        if best is not None:
            pointing[link_pk] = best[0]
    _point_links(pointing)
    keyed = {
        (i.question.house, i.question.uin, i.question.date_tabled): i.question.pk for i in items
    }
    reverse: dict[int, int] = {}
    for link_pk, house, uin, tabled in (
        QuestionGroupLink.objects.filter(
            grouped_question__isnull=True,
            uin__any={i.question.uin for i in items},
            date_tabled__isnull=False,
        )
        .order_by()
        .values_list("pk", "question__house", "uin", "date_tabled")
    ):
        assert tabled is not None  # filtered on date_tabled__isnull=False
        grouped_pk = keyed.get((house, uin, tabled))
        if grouped_pk is not None:
            reverse[link_pk] = grouped_pk
    _point_links(reverse)


def _point_links(pointing: dict[int, int]) -> None:
    """Set each link's grouped question (link pk -> question pk) in one UPDATE."""
    set_column(QuestionGroupLink, "grouped_question_id", pointing)


def _write_changes(
    items: list[_Item], source: str, import_run: ImportRun | None, now: datetime.datetime
) -> None:
    changes = [
        QuestionChange(
            question=item.question,
            field=name,
            old_value=old,
            new_value=new,
            changed_at=now,
            source=source,
            import_run=import_run,
        )
        for item in items
        if not item.is_new
        for name, old, new in [*item.changes, *item.plan.changes]
    ]
    if changes:
        insert_objects(QuestionChange, changes)
