"""Real records from ../shared loaded through the one write path, for relevance tests.

The listing files give each question's metadata and a 255-character preview; the long-form file
gives the full question and answer text for 67 ids. Ids only in the long-form file get what the
file tells us (month tabled, DfE) and a UIN made from their id; they have no heading.
"""

from __future__ import annotations

import datetime
import itertools
import json
import re
from pathlib import Path

import nh3
import pytest
from bs4 import BeautifulSoup
from django.db import transaction

from pqtracker.parliament.models import WrittenQuestion
from pqtracker.parliament.records import AnswerRecord, BodyRef, MemberRef, QuestionRecord
from pqtracker.parliament.services import upsert_question

_IDS = itertools.count(2_000_000)
LISTINGS = (
    "list_items_dfe_send.json",
    "list_items_other_states.json",
    "dfe_tabled_2024-11-11_to_13__snapshot_2024-11-14.json",
)


def _date(raw: str | None) -> datetime.date | None:
    return datetime.date.fromisoformat(raw[:10]) if raw else None


def _answer(value: dict, html: str | None) -> AnswerRecord | None:
    if not html:
        return None
    clean = nh3.clean(html)
    return AnswerRecord(
        answer_html=clean,
        answer_text=BeautifulSoup(clean, "html.parser").get_text(" ", strip=True),
        answering_member=MemberRef(parliament_id=value.get("answeringMemberId")),
        date_answered=_date(value.get("dateAnswered")) or _date(value.get("dateTabled")),
        is_holding=bool(value.get("answerIsHolding")),
        is_correction=bool(value.get("answerIsCorrection")),
        date_holding_answer=_date(value.get("dateHoldingAnswer")),
        date_corrected=_date(value.get("dateAnswerCorrected")),
    )


def record_from_api(value: dict, full: dict | None) -> QuestionRecord:
    question_text = (full or {}).get("question_text") or value["questionText"]
    answer_html = (full or {}).get("answer_text") if full else None
    return QuestionRecord(
        parliament_id=value["id"],
        uin=str(value["uin"]),
        house=value["house"],
        date_tabled=_date(value["dateTabled"]),  # type: ignore[arg-type]
        date_for_answer=_date(value.get("dateForAnswer")),
        is_named_day=bool(value.get("isNamedDay")),
        heading=value.get("heading") or "",
        question_text=question_text,
        asking_member=MemberRef(parliament_id=value.get("askingMemberId")),
        answering_body=BodyRef(
            parliament_id=value.get("answeringBodyId"), name=value.get("answeringBodyName") or ""
        ),
        member_has_interest=bool(value.get("memberHasInterest")),
        answer=_answer(value, answer_html),
    )


def record_from_longform(parliament_id: int, full: dict) -> QuestionRecord:
    month = re.search(r"(\d{4})-(\d{2})", full["source_path"])
    tabled = datetime.date(int(month.group(1)), int(month.group(2)), 1)  # type: ignore[union-attr]
    value = {
        "dateAnswered": (tabled + datetime.timedelta(days=7)).isoformat(),
        "dateTabled": tabled.isoformat(),
    }
    return QuestionRecord(
        parliament_id=parliament_id,
        uin=f"9{parliament_id % 100000:05d}",
        house="Commons",
        date_tabled=tabled,
        question_text=full["question_text"],
        answering_body=BodyRef(parliament_id=60, name="Department for Education"),
        answer=_answer(value, full.get("answer_text")),
    )


def load_real_records(folder: Path) -> dict[int, WrittenQuestion]:
    api = folder / "questions-api"
    full_text = json.loads((api / "longform_full_text.json").read_text())
    values: dict[int, dict] = {}
    for name in LISTINGS:
        for item in json.loads((api / name).read_text()):
            values[item["value"]["id"]] = item["value"]
    for item in json.loads((api / "aws_list_page_tabled_2024-01-05.json").read_text())["results"]:
        values[item["value"]["id"]] = item["value"]
    loaded = {}
    for pid, value in values.items():
        loaded[pid] = upsert_question(
            record=record_from_api(value, full_text.get(str(pid)))
        ).question
    for key, full in full_text.items():
        if int(key) not in values:
            loaded[int(key)] = upsert_question(record=record_from_longform(int(key), full)).question
    return loaded


@pytest.fixture(scope="module")
def _real_records_in_module(django_db_setup, django_db_blocker, parliament_data):  # type: ignore[no-untyped-def]
    """The real records, written once for a whole module inside a transaction rolled back at its
    end: some 150 questions through the write path take seconds, and every test of the module
    only reads them. Each test's own transaction (``db``) nests inside as a savepoint, so what a
    test writes is still undone after it. Only modules whose every test wants these records may
    use it (the rest of the module would see them too)."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield load_real_records(parliament_data)
        transaction.set_rollback(True)


@pytest.fixture
def real_records(db, _real_records_in_module) -> dict[int, WrittenQuestion]:  # type: ignore[no-untyped-def]
    return _real_records_in_module


def add_question(
    uin: str,
    text: str,
    *,
    heading: str = "",
    answer: str | None = None,
    house: str = "Commons",
    tabled: datetime.date = datetime.date(2024, 11, 13),
    answered: datetime.date | None = None,
    asker: int | None = 4070,
    asker_name: str = "",
    minister: int | None = 4125,
    body: int = 60,
    named_day: bool = False,
    holding: bool = False,
    withdrawn: bool = False,
    parliament_id: int | None = None,
) -> WrittenQuestion:
    """One question written through the real write path (so the index follows, as in production)."""
    answer_record = None
    if answer is not None:
        answer_record = AnswerRecord(
            answer_html=f"<p>{answer}</p>",
            answer_text=answer,
            answering_member=MemberRef(parliament_id=minister),
            date_answered=answered or tabled + datetime.timedelta(days=5),
            is_holding=holding,
        )
    record = QuestionRecord(
        parliament_id=parliament_id if parliament_id is not None else next(_IDS),
        uin=uin,
        house=house,
        date_tabled=tabled,
        question_text=text,
        heading=heading,
        is_named_day=named_day,
        is_withdrawn=withdrawn,
        asking_member=MemberRef(parliament_id=asker, name=asker_name),
        answering_body=BodyRef(
            parliament_id=body,
            name={60: "Department for Education", 17: "Department of Health and Social Care"}.get(
                body, ""
            ),
        ),
        answer=answer_record,
    )
    return upsert_question(record=record).question
