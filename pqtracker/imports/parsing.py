"""Written Questions API records (``QuestionsViewModel``) turned into ``QuestionRecord``s.

Strict about what identifies a question (id, UIN, house, tabled date, text): a record missing
one is refused with the reason, for the caller to quarantine, never guessed at. Lenient about
the rest, which Parliament fills in over days (headings, answers, members).
"""

from __future__ import annotations

import datetime
import hashlib
import json
from typing import Any

from pqtracker.imports.html import html_to_text, sanitise_html
from pqtracker.parliament.records import (
    AnswerRecord,
    AttachmentRecord,
    BodyRef,
    MemberRef,
    QuestionRecord,
)
from pqtracker.search.sentinels import strip_sentinels

HOUSES = {"Commons", "Lords", "Bicameral"}

# Listing fields that say something about the question or its answer. Expanded member objects
# and the always-empty list fields (attachments, originalAnswerText) are left out on purpose.
FINGERPRINT_FIELDS = (
    "id",
    "uin",
    "house",
    "dateTabled",
    "dateForAnswer",
    "isNamedDay",
    "heading",
    "questionText",
    "askingMemberId",
    "answeringBodyId",
    "answeringBodyName",
    "memberHasInterest",
    "isWithdrawn",
    "groupedQuestions",
    "groupedQuestionsDates",
    "answerIsHolding",
    "answerIsCorrection",
    "answeringMemberId",
    "correctingMemberId",
    "dateAnswered",
    "answerText",
    "dateAnswerCorrected",
    "dateHoldingAnswer",
)


class MalformedRecord(ValueError):
    """A record the importer cannot use; the message says which field and why."""

    def __init__(self, reason: str, *, parliament_id: Any = None) -> None:
        prefix = f"Question {parliament_id}: " if parliament_id is not None else ""
        super().__init__(prefix + reason)
        self.reason = reason
        self.parliament_id = parliament_id


def preview_fingerprint(value: dict) -> str:
    """A stable hash of the listing fields that matter, to spot an unchanged listing item."""
    payload = {key: value.get(key) for key in FINGERPRINT_FIELDS}
    return hashlib.sha256(json.dumps(payload, sort_keys=True, default=str).encode()).hexdigest()


class _Reader:
    """Typed access to one record's fields, raising MalformedRecord with the field name."""

    def __init__(self, value: dict) -> None:
        self.value = value
        raw_id = value.get("id")
        self.parliament_id = (
            raw_id if isinstance(raw_id, int) and not isinstance(raw_id, bool) else None
        )

    def fail(self, reason: str) -> MalformedRecord:
        return MalformedRecord(reason, parliament_id=self.parliament_id or self.value.get("id"))

    def required(self, key: str) -> Any:
        if key not in self.value or self.value[key] is None:
            raise self.fail(f"missing required field {key!r}")
        return self.value[key]

    def integer(self, key: str, *, required: bool = False) -> int | None:
        raw = self.required(key) if required else self.value.get(key)
        if raw is None:
            return None
        if isinstance(raw, bool) or not isinstance(raw, int):
            raise self.fail(f"{key!r} should be a whole number, not {raw!r}")
        return raw

    def boolean(self, key: str) -> bool | None:
        raw = self.value.get(key)
        if raw is None or isinstance(raw, bool):
            return raw
        raise self.fail(f"{key!r} should be true, false or null, not {raw!r}")

    def text(self, key: str, *, required: bool = False) -> str:
        raw = self.required(key) if required else self.value.get(key)
        if raw is None:
            return ""
        if not isinstance(raw, str):
            raise self.fail(f"{key!r} should be text, not {type(raw).__name__}")
        if required and not raw.strip():
            raise self.fail(f"required field {key!r} is empty")
        return raw.strip()

    def date(self, key: str, *, required: bool = False) -> datetime.date | None:
        raw = self.required(key) if required else self.value.get(key)
        if raw is None:
            return None
        return parse_api_date(raw, field=key, fail=self.fail)

    def member(self, id_key: str, object_key: str) -> MemberRef:
        member_id = self.integer(id_key)
        expanded = self.value.get(object_key)
        name = ""
        if isinstance(expanded, dict):
            name = str(expanded.get("name") or expanded.get("nameDisplayAs") or "").strip()
            if member_id is None and isinstance(expanded.get("id"), int):
                member_id = expanded["id"]
        return MemberRef(parliament_id=member_id, name=name)


def parse_api_date(raw: Any, *, field: str = "date", fail: Any = None) -> datetime.date:
    """``"2024-11-13T00:00:00"`` (a date with no zone, as the API writes it) or ``"2024-11-13"``."""
    make_error = fail or (lambda reason: MalformedRecord(reason))
    if not isinstance(raw, str):
        raise make_error(f"{field!r} should be a date string, not {raw!r}")
    try:
        return datetime.datetime.fromisoformat(raw.strip()).date()
    except ValueError:
        raise make_error(f"{field!r} is not a date: {raw!r}") from None


def question_record_from_api(value: dict, *, full_text: bool) -> QuestionRecord:
    """A ``QuestionRecord`` from a ``QuestionsViewModel``.

    ``full_text`` says the value came from ``/{id}``. Listing values carry a 255-character plain
    preview of the answer, which must never be stored as the answer: their record has
    ``answer=None`` (the write path then leaves the held answer alone) and the caller fetches
    the detail to get it.
    """
    if not isinstance(value, dict):
        raise MalformedRecord(f"record should be an object, not {type(value).__name__}")
    read = _Reader(value)
    parliament_id = read.integer("id", required=True)
    house = read.text("house", required=True)
    if house not in HOUSES:
        raise read.fail(f"'house' should be one of {sorted(HOUSES)}, not {house!r}")
    raw_uin = value.get("uin")
    # UINs are strings ("7926", "HL5669"); a bare number is the same UIN, not an error.
    uin = str(raw_uin) if type(raw_uin) is int else read.text("uin", required=True)
    return QuestionRecord(
        parliament_id=parliament_id,
        uin=uin,
        house=house,
        date_tabled=read.date("dateTabled", required=True),  # type: ignore[arg-type]
        # Search marks its matches with private-use characters: the indexed text must not bring
        # its own (the answer's text comes through html_to_text, which strips them too).
        question_text=strip_sentinels(read.text("questionText", required=True)),
        date_for_answer=read.date("dateForAnswer"),
        is_named_day=bool(read.boolean("isNamedDay")),
        heading=strip_sentinels(read.text("heading")),
        asking_member=read.member("askingMemberId", "askingMember"),
        answering_body=BodyRef(
            parliament_id=read.integer("answeringBodyId"), name=read.text("answeringBodyName")
        ),
        member_has_interest=bool(read.boolean("memberHasInterest")),
        is_withdrawn=bool(read.boolean("isWithdrawn")),
        answer=_answer(read) if full_text else None,
        grouped=_grouped(read),
    )


def has_answer(value: dict) -> bool:
    """Whether a record states an answer (holding, substantive or corrected)."""
    answered = value.get("dateAnswered") is not None or value.get("answerIsHolding") is not None
    text = value.get("answerText")
    return answered and isinstance(text, str) and bool(text.strip())


def _answer(read: _Reader) -> AnswerRecord | None:
    # Check the answer fields' types even when there is no answer, so bad data is never silent.
    is_holding = read.boolean("answerIsHolding")
    is_correction = read.boolean("answerIsCorrection")
    answer_text = read.text("answerText")
    date_answered = read.date("dateAnswered")
    if not has_answer(read.value):
        return None
    answer_html = sanitise_html(answer_text)
    original_html = sanitise_html(read.text("originalAnswerText"))
    return AnswerRecord(
        answer_html=answer_html,
        answer_text=html_to_text(answer_html),
        answering_member=read.member("answeringMemberId", "answeringMember"),
        date_answered=date_answered,
        is_holding=bool(is_holding),
        date_holding_answer=read.date("dateHoldingAnswer"),
        is_correction=bool(is_correction),
        date_corrected=read.date("dateAnswerCorrected"),
        correcting_member=read.member("correctingMemberId", "correctingMember"),
        original_answer_html=original_html,
        original_answer_text=html_to_text(original_html),
        attachments=_attachments(read),
    )


def _attachments(read: _Reader) -> tuple[AttachmentRecord, ...]:
    raw = read.value.get("attachments") or []
    if not isinstance(raw, list):
        raise read.fail("'attachments' should be a list")
    found = []
    for item in raw:
        if not isinstance(item, dict):
            raise read.fail("an attachment should be an object")
        url = str(item.get("url") or "").strip()
        if not url.lower().startswith(("https://", "http://")):
            raise read.fail(f"attachment URL should be http(s), not {url!r}")
        size = item.get("fileSizeBytes")
        found.append(
            AttachmentRecord(
                url=url,
                title=str(item.get("title") or "").strip() or url.rsplit("/", 1)[-1],
                file_type=str(item.get("fileType") or "").strip(),
                file_size_bytes=size
                if isinstance(size, int) and not isinstance(size, bool)
                else None,
            )
        )
    return tuple(found)


def _grouped(read: _Reader) -> tuple[tuple[str, datetime.date | None], ...]:
    dated = read.value.get("groupedQuestionsDates") or []
    plain = read.value.get("groupedQuestions") or []
    if not isinstance(dated, list) or not isinstance(plain, list):
        raise read.fail("'groupedQuestions' and 'groupedQuestionsDates' should be lists")
    group: dict[str, datetime.date | None] = {}
    for item in dated:
        if not isinstance(item, dict) or not item.get("questionUin"):
            raise read.fail(f"a groupedQuestionsDates entry has no questionUin: {item!r}")
        day = item.get("dateTabled")
        group[str(item["questionUin"]).strip()] = (
            parse_api_date(day, field="groupedQuestionsDates.dateTabled", fail=read.fail)
            if day is not None
            else None
        )
    for uin in plain:
        group.setdefault(str(uin).strip(), None)
    return tuple(sorted(group.items()))
