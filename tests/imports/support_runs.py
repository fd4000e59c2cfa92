"""Helpers for the import-run tests: the real recorded slices as detail values, timeline
snapshots, and a full dump of the public record that leaves out ids and timestamps."""

from __future__ import annotations

import copy
import datetime
from pathlib import Path
from typing import Any

from pqtracker.imports.client import ParliamentClient
from pqtracker.parliament.models import Answer, QuestionChange, QuestionGroupLink, WrittenQuestion
from tests.imports.conftest import load_json, longform_texts, timeline_versions

SLICE_FILE = "questions-api/dfe_tabled_2024-11-11_to_13__snapshot_2024-11-14.json"
WITHDRAWN_ID = 1741582


def as_detail(value: dict, texts: dict[int, dict]) -> dict:
    """A listing value made into what ``/questions/{id}`` returns, with the recorded full text."""
    detail = copy.deepcopy(value)
    full = texts.get(value["id"])
    if full:
        if full.get("question_text"):
            detail["questionText"] = full["question_text"]
        # The cache was taken later: only use its answer where the listing had one then.
        if full.get("answer_text") and value.get("answerText"):
            detail["answerText"] = full["answer_text"]
    return detail


def slice_details(parliament_data: Path) -> list[dict]:
    texts = longform_texts(parliament_data)
    return [as_detail(item["value"], texts) for item in load_json(parliament_data, SLICE_FILE)]


def file_details(parliament_data: Path, name: str) -> list[dict]:
    texts = longform_texts(parliament_data)
    return [
        as_detail(item["value"], texts)
        for item in load_json(parliament_data, f"questions-api/{name}")
    ]


def timeline_snapshots(parliament_data: Path) -> list[tuple[str, list[dict]]]:
    """``[(commit date, [detail value, ...])]``: what Parliament served on each recorded day.

    Each question shows its latest version by that day; the one that vanished is gone after
    the day it was seen.
    """
    timelines = load_json(parliament_data, "questions-api/timelines.json")
    texts = longform_texts(parliament_data)
    days = sorted({v["commit_date"][:10] for entry in timelines for v in entry["versions"]})
    snapshots = []
    for day in days:
        values = []
        for entry in timelines:
            seen = [v for v in entry["versions"] if v["commit_date"][:10] <= day]
            if not seen:
                continue
            if entry["id"] == WITHDRAWN_ID and seen[-1]["commit_date"][:10] < day:
                continue
            values.append(as_detail(seen[-1]["item"]["value"], texts))
        snapshots.append((day, values))
    return snapshots


def final_versions(parliament_data: Path) -> dict[int, dict]:
    return {qid: versions[-1] for qid, versions in timeline_versions(parliament_data).items()}


def date_range(values: list[dict]) -> tuple[datetime.date, datetime.date]:
    days = [
        datetime.date.fromisoformat(v[key][:10])
        for v in values
        for key in ("dateTabled", "dateAnswered", "dateAnswerCorrected")
        if v.get(key)
    ]
    return min(days), max(days)


class KillingClient(ParliamentClient):
    """A client that dies (as a killed worker would) on its ``after``-th detail request."""

    def __init__(self, *, after: int, error: type[BaseException] = RuntimeError) -> None:
        super().__init__()
        self.after = after
        self.error = error
        self.calls = 0

    def get_question(self, question_id: int) -> dict | None:
        self.calls += 1
        if self.calls == self.after:
            raise self.error(f"killed at detail request {self.calls}")
        return super().get_question(question_id)


class Killed(BaseException):
    """Not an Exception: stands for the process dying, which no ``except Exception`` sees."""


def dump_state() -> dict[str, Any]:
    """Every question, answer version, change and group link, keyed by Parliament's ids."""

    def member(m: Any) -> Any:
        return (m.parliament_id, m.name_display) if m is not None else None

    questions = {}
    for q in WrittenQuestion.objects.select_related(
        "asking_member", "answering_body", "answering_member"
    ).order_by("parliament_id"):
        questions[q.parliament_id] = {
            "uin": q.uin,
            "house": q.house,
            "session": q.session,
            "date_tabled": q.date_tabled,
            "date_for_answer": q.date_for_answer,
            "is_named_day": q.is_named_day,
            "heading": q.heading,
            "question_text": q.question_text,
            "asking_member": member(q.asking_member),
            "answering_body": (q.answering_body.parliament_id, q.answering_body.name)
            if q.answering_body
            else None,
            "member_has_interest": q.member_has_interest,
            "is_withdrawn": q.is_withdrawn,
            "status": q.status,
            "date_answered": q.date_answered,
            "answering_member": member(q.answering_member),
        }
    answers = sorted(
        (
            a.question.parliament_id,
            a.is_current,
            a.is_holding,
            a.is_correction,
            a.answer_html,
            a.answer_text,
            member(a.answering_member),
            a.date_answered,
            a.date_holding_answer,
            a.date_corrected,
            member(a.correcting_member),
            a.original_answer_html,
            a.original_answer_text,
            a.source_hash,
            a.superseded_at is None,
        )
        for a in Answer.objects.select_related("question", "answering_member", "correcting_member")
    )
    changes = sorted(
        (c.question.parliament_id, c.field, c.old_value, c.new_value, c.source)
        for c in QuestionChange.objects.select_related("question")
    )
    links = sorted(
        (
            link.question.parliament_id,
            link.uin,
            link.date_tabled,
            link.grouped_question.parliament_id if link.grouped_question else None,
        )
        for link in QuestionGroupLink.objects.select_related("question", "grouped_question")
    )
    return {"questions": questions, "answers": answers, "changes": changes, "links": links}
