"""The rows of a work list (My work): one query of just the columns a row shows, and each row's
text made once in Python.

My work is the page every drafter and clearer opens all day. Model instances with their related
rows (the question's full text among them), per-row template lookups and Django's localised
``date`` filter were most of its time; a row here is a handful of strings, and the template only
places them. Who holds the question and since when is on every row.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.urls import reverse
from django.utils import timezone

from pqtracker.answers import rules
from pqtracker.answers.models import AnswerType, CaseQuerySet, CaseStatus
from pqtracker.parliament.models import WrittenQuestion

_COLUMNS = (
    "pk",
    "status",
    "status_since",
    "held_since",
    "internal_deadline",
    "holder_id",
    "holder__username",
    "holder__first_name",
    "holder__last_name",
    "question__uin",
    "question__heading",
    "question__date_for_answer",
    "question__asking_member__name_display",
    "answer_type",
    "follow_up_due",
    "follow_up_sent_at",
)
_STATUS_LABELS = dict(CaseStatus.choices)


@dataclass(frozen=True)
class WorkRow:
    url: str
    uin: str
    title: str
    asked_by: str
    stage: str
    holder: str
    held_since: str
    internal_deadline: str
    due: str


def short_date(value: datetime.date | None, missing: str) -> str:
    """ "3 Dec 2026", as the lists show dates."""
    return f"{value.day} {value:%b %Y}" if value else missing


def short_datetime(value: datetime.datetime | None) -> str:
    """ "3 Dec 2026 10:42" in the service's time zone."""
    if value is None:
        return ""
    local = timezone.localtime(value)
    return f"{local.day} {local:%b %Y %H:%M}"


def work_rows(cases: CaseQuerySet, limit: int) -> list[WorkRow]:
    """The first ``limit`` of ``cases`` (in their order) as rows: one query."""
    # The case page's address, with the pk put in per row (reverse() once, not per row).
    url = reverse("answers:case", args=[0]).removesuffix("0/")
    rows = []
    for values in cases.values(*_COLUMNS)[:limit]:
        rows.append(
            WorkRow(
                url=f"{url}{values['pk']}/",
                uin=values["question__uin"],
                title=WrittenQuestion.title_for(values["question__heading"]),
                asked_by=values["question__asking_member__name_display"] or "",
                stage=_stage(values),
                holder=_holder(values),
                held_since=short_datetime(values["held_since"] or values["status_since"]),
                internal_deadline=short_date(values["internal_deadline"], "Not set"),
                due=short_date(values["question__date_for_answer"], "Not known"),
            )
        )
    return rows


def _stage(values: dict[str, Any]) -> str:
    stage = _STATUS_LABELS.get(values["status"], values["status"])
    letter_due = values["follow_up_due"]
    if (
        values["answer_type"] == AnswerType.WILL_WRITE
        and letter_due
        and not values["follow_up_sent_at"]
    ):
        return f"{stage}; letter due {short_date(letter_due, '')}"
    return stage


def _holder(values: dict[str, Any]) -> str:
    if values["holder_id"] is None:
        return rules.unheld_label(values["status"])
    name = f"{values['holder__first_name']} {values['holder__last_name']}".strip()
    return name or values["holder__username"]
