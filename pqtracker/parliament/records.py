"""Plain records of what a source (the API, a web page, demo data) says about a question.

Parsers produce these; ``services.upsert_question`` writes them. Keeping the two apart lets every
source share one write path, one change history and one set of rules.
"""

from __future__ import annotations

import datetime
import hashlib
import json
from dataclasses import asdict, dataclass, field


@dataclass(frozen=True)
class MemberRef:
    """A member as a source names them: by Parliament id, by name, or both."""

    parliament_id: int | None = None
    name: str = ""

    def __bool__(self) -> bool:
        return bool(self.parliament_id or self.name)


@dataclass(frozen=True)
class BodyRef:
    parliament_id: int | None = None
    name: str = ""

    def __bool__(self) -> bool:
        return bool(self.parliament_id or self.name)


@dataclass(frozen=True)
class AttachmentRecord:
    url: str
    title: str
    file_type: str = ""
    file_size_bytes: int | None = None


@dataclass(frozen=True)
class AnswerRecord:
    answer_html: str  # already sanitised
    answer_text: str
    answering_member: MemberRef = field(default_factory=MemberRef)
    date_answered: datetime.date | None = None
    is_holding: bool = False
    date_holding_answer: datetime.date | None = None
    is_correction: bool = False
    date_corrected: datetime.date | None = None
    correcting_member: MemberRef = field(default_factory=MemberRef)
    original_answer_html: str = ""
    original_answer_text: str = ""
    attachments: tuple[AttachmentRecord, ...] = ()

    def content_hash(self) -> str:
        payload = asdict(self)
        return hashlib.sha256(json.dumps(payload, sort_keys=True, default=str).encode()).hexdigest()


@dataclass(frozen=True)
class QuestionRecord:
    uin: str
    house: str
    date_tabled: datetime.date
    question_text: str
    parliament_id: int | None = None
    date_for_answer: datetime.date | None = None
    is_named_day: bool = False
    heading: str = ""
    asking_member: MemberRef = field(default_factory=MemberRef)
    answering_body: BodyRef = field(default_factory=BodyRef)
    member_has_interest: bool = False
    is_withdrawn: bool = False
    answer: AnswerRecord | None = None
    grouped: tuple[tuple[str, datetime.date | None], ...] = ()
