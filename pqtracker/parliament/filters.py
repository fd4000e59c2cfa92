"""One way to filter and sort questions: a criteria object and the function that applies it.

The question list, search (which adds only its text query and relevance order), exports, saved
searches and any work queue describe the questions they want as ``QuestionCriteria`` and get them
from ``filter_questions``. The form that reads criteria from a URL is ``forms.QuestionFilterForm``.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

from django.db.models import F, OrderBy, QuerySet
from django.db.models.functions import Length

from pqtracker.parliament import extensions
from pqtracker.parliament.models import WrittenQuestion
from pqtracker.parliament.models.questions import WrittenQuestionQuerySet

QS = TypeVar("QS", bound=QuerySet[WrittenQuestion])

DEFAULT_SORT = "tabled-newest"
POSSIBLE_DUPLICATES = "possible_duplicates"

Ordering = tuple[str | OrderBy | Length, ...]

# key -> (label, ordering). Every ordering ends on a unique column so pages never overlap.
SORTS: dict[str, tuple[str, Ordering]] = {
    "tabled-newest": ("Newest tabled", ("-date_tabled", "-id")),
    "tabled-oldest": ("Oldest tabled", ("date_tabled", "id")),
    # Open questions first, soonest due first: what needs an answer next leads. due_order
    # (stored, indexed with the date) puts open before closed, and undated last in each.
    "due": ("Due date", ("due_order", "date_for_answer", "-id")),
    "answered": (
        "Recently answered",
        (F("date_answered").desc(nulls_last=True), "-date_tabled", "-id"),
    ),
    # By House, then by number: UINs are strings ("9", "87924", "HL1234"), and within a House
    # they share a prefix, so the shorter is the smaller (9 before 10).
    "uin": ("UIN", ("house", Length("uin"), "uin", "-date_tabled", "-id")),
}

# Sort keys older addresses (and saved searches) use.
SORT_ALIASES = {"newest": "tabled-newest", "oldest": "tabled-oldest"}


def normal_sort(key: str | None) -> str:
    """The current name of a sort key, old or new; unknown keys pass through unchanged."""
    return SORT_ALIASES.get(key or "", key or "")


@dataclass(frozen=True)
class QuestionCriteria:
    """Which questions, in what order. Empty values mean "any"."""

    uin: str = ""
    house: str = ""
    answering_body_ids: tuple[int, ...] = ()
    statuses: tuple[str, ...] = ()
    tabled_from: datetime.date | None = None
    tabled_to: datetime.date | None = None
    answered_from: datetime.date | None = None
    answered_to: datetime.date | None = None
    asking_member_id: int | None = None
    answering_member_id: int | None = None
    named_day: bool | None = None  # None: either
    # Contributed by a higher app (parliament.extensions); ignored when none is registered.
    possible_duplicates: bool = False
    sort: str = DEFAULT_SORT
    # Any other criterion a higher app registered: (key, value) pairs, applied when set.
    contributed: tuple[tuple[str, Any], ...] = ()


def filter_questions(
    queryset: WrittenQuestionQuerySet, criteria: QuestionCriteria
) -> WrittenQuestionQuerySet:
    """``queryset`` narrowed to the questions ``criteria`` asks for, unordered.

    Only narrows: every criterion that is set removes questions, never adds them.
    """
    if criteria.uin:
        queryset = queryset.with_uin(criteria.uin)
    conditions: Mapping[str, object] = {
        "house": criteria.house or None,
        "answering_body_id__in": list(criteria.answering_body_ids) or None,
        "status__in": list(criteria.statuses) or None,
        "date_answered__gte": criteria.answered_from,
        "date_answered__lte": criteria.answered_to,
        "asking_member_id": criteria.asking_member_id,
        "answering_member_id": criteria.answering_member_id,
        "is_named_day": criteria.named_day,
    }
    queryset = queryset.filter(**{k: v for k, v in conditions.items() if v is not None})
    if criteria.tabled_from or criteria.tabled_to:
        queryset = queryset.tabled_between(criteria.tabled_from, criteria.tabled_to)
    wanted = dict(criteria.contributed)
    if criteria.possible_duplicates:
        wanted[POSSIBLE_DUPLICATES] = True
    for key, value in wanted.items():
        if value and (registered := extensions.question_filter(key)):
            queryset = registered.apply(queryset, value)
    return queryset


def sort_questions(queryset: QS, sort: str) -> QS:
    _label, ordering = SORTS.get(normal_sort(sort), SORTS[DEFAULT_SORT])
    return queryset.order_by(*ordering)


def questions_matching(
    queryset: WrittenQuestionQuerySet, criteria: QuestionCriteria
) -> WrittenQuestionQuerySet:
    """Filtered and in the chosen order: what a list of questions shows."""
    return sort_questions(filter_questions(queryset, criteria), criteria.sort)
