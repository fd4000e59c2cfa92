"""Small builders that keep the demo data modules readable: answers from paragraphs, questions
with demo identities, and the versions a question went through."""

from __future__ import annotations

import datetime
import html
import re
from dataclasses import dataclass

import nh3

from pqtracker.parliament.demo.dates import commons_due, lords_due
from pqtracker.parliament.models import House
from pqtracker.parliament.models.questions import DEMO_ID_BASE
from pqtracker.parliament.records import AnswerRecord, BodyRef, MemberRef, QuestionRecord

# Invented questions get Parliament ids from DEMO_ID_BASE, a range the real API (about 1.8 million
# in 2026) will not reach for decades: a stable identity, so rerunning the seed on a later day moves
# the dates of the "due today" questions instead of creating new ones, and a real import never
# adopts them.

DFE = BodyRef(60, "Department for Education")
DHSC = BodyRef(17, "Department of Health and Social Care")
MOJ = BodyRef(54, "Ministry of Justice")
TREASURY = BodyRef(14, "HM Treasury")
CABINET_OFFICE = BodyRef(53, "Cabinet Office")

HOLDING_TEXT = (
    "The Department for Education has indicated that it will not be possible to answer this "
    "question within the usual time period. An answer is being prepared and will be provided as "
    "soon as it is available."
)

Block = str | tuple[str, ...]
_TAG = re.compile(r"<[^>]+>")


def member(name: str, parliament_id: int | None = None) -> MemberRef:
    return MemberRef(parliament_id=parliament_id, name=name)


def render(*blocks: Block) -> tuple[str, str]:
    """Sanitised HTML and plain text from paragraphs (str) and bullet lists (tuple of str).

    Paragraphs may hold inline ``<a href>`` links. Plain text separates blocks with a blank line
    and bullet points with a newline, so paragraphs stay findable in search and snippets.
    """
    html_parts: list[str] = []
    text_parts: list[str] = []
    for block in blocks:
        if isinstance(block, tuple):
            html_parts.append("<ul>" + "".join(f"<li>{item}</li>" for item in block) + "</ul>")
            text_parts.append("\n".join(_plain(item) for item in block))
        else:
            html_parts.append(f"<p>{block}</p>")
            text_parts.append(_plain(block))
    return nh3.clean("".join(html_parts)), "\n\n".join(text_parts)


def _plain(fragment: str) -> str:
    return html.unescape(_TAG.sub("", fragment)).strip()


def link(url: str, label: str = "") -> str:
    return f'<a href="{url}">{label or url}</a>'


def answer(
    *blocks: Block, by: MemberRef, on: datetime.date, holding_on: datetime.date | None = None
) -> AnswerRecord:
    """A substantive answer; ``holding_on`` keeps the date of an earlier holding answer."""
    answer_html, answer_text = render(*blocks)
    return AnswerRecord(
        answer_html=answer_html,
        answer_text=answer_text,
        answering_member=by,
        date_answered=on,
        date_holding_answer=holding_on,
    )


def holding(*, by: MemberRef, on: datetime.date, text: str = HOLDING_TEXT) -> AnswerRecord:
    answer_html, answer_text = render(text)
    return AnswerRecord(
        answer_html=answer_html,
        answer_text=answer_text,
        answering_member=by,
        date_answered=on,
        is_holding=True,
        date_holding_answer=on,
    )


def correction(
    original: AnswerRecord, *blocks: Block, by: MemberRef, on: datetime.date
) -> AnswerRecord:
    """The corrected answer; the first answer's text is kept as the original."""
    answer_html, answer_text = render(*blocks)
    return AnswerRecord(
        answer_html=answer_html,
        answer_text=answer_text,
        answering_member=original.answering_member,
        date_answered=original.date_answered,
        date_holding_answer=original.date_holding_answer,
        is_correction=True,
        date_corrected=on,
        correcting_member=by,
        original_answer_html=original.answer_html,
        original_answer_text=original.answer_text,
    )


def question(
    *,
    key: int | None,
    uin: str,
    tabled: datetime.date,
    text: str,
    heading: str = "",
    due: datetime.date | None = None,
    named_day: bool = False,
    asker: MemberRef | None = None,
    body: BodyRef = DFE,
    interest: bool = False,
    grouped: tuple[tuple[str, datetime.date], ...] = (),
    answer: AnswerRecord | None = None,
    house: str | None = None,
) -> QuestionRecord:
    """A question record. ``key`` numbers invented questions; None keeps a real one's id unknown.

    An invented question is due by its House's rule (``dates``); only a named day is given.
    """
    house = house or (House.LORDS if uin.upper().startswith("HL") else House.COMMONS)
    if key is not None:
        if named_day and due is None:
            raise ValueError(f"Named-day question {uin} needs the day its Member named.")
        if not named_day:
            if due is not None:
                raise ValueError(f"{uin}: an ordinary question's due date follows from tabling.")
            due = lords_due(tabled) if house == House.LORDS else commons_due(tabled)
    return QuestionRecord(
        uin=uin,
        house=house,
        date_tabled=tabled,
        question_text=text,
        parliament_id=None if key is None else DEMO_ID_BASE + key,
        date_for_answer=due,
        is_named_day=named_day,
        heading=heading,
        asking_member=asker or MemberRef(),
        answering_body=body,
        member_has_interest=interest,
        answer=answer,
        grouped=grouped,
    )


@dataclass(frozen=True)
class Version:
    """What the source said about a question on one day."""

    record: QuestionRecord
    on: datetime.date


@dataclass(frozen=True)
class DemoQuestion:
    """A question's history as successive versions; the last is what Parliament shows now."""

    versions: tuple[Version, ...]
    withdrawn: bool = False

    @property
    def final(self) -> QuestionRecord:
        return self.versions[-1].record


def once(record: QuestionRecord, on: datetime.date | None = None) -> DemoQuestion:
    return DemoQuestion((Version(record, on or record.date_tabled),))


def history(
    *versions: tuple[QuestionRecord, datetime.date], withdrawn: bool = False
) -> DemoQuestion:
    return DemoQuestion(tuple(Version(record, on) for record, on in versions), withdrawn=withdrawn)
