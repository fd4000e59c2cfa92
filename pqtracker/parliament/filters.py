"""How the question list's filters and sorts become a queryset.

Kept apart from the form so that anything else that lists questions (exports, saved searches)
can apply the same rules to the same cleaned values.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db.models import F, OrderBy
from django.db.models.functions import Length

from pqtracker.parliament import extensions
from pqtracker.parliament.models.questions import WrittenQuestionQuerySet

DEFAULT_SORT = "tabled-newest"

# key -> (label, ordering). Every ordering ends on a unique column so pages never overlap.
SORTS: dict[str, tuple[str, tuple[str | OrderBy | Length, ...]]] = {
    "tabled-newest": ("Newest tabled", ("-date_tabled", "-id")),
    "tabled-oldest": ("Oldest tabled", ("date_tabled", "id")),
    "due": ("Due date", (F("date_for_answer").asc(nulls_last=True), "-id")),
    "answered": ("Recently answered", (F("date_answered").desc(nulls_last=True), "-id")),
    # UINs are strings ("9", "87924", "HL1234"): by length first so that 9 comes before 10.
    "uin": ("UIN", (Length("uin"), "uin", "-date_tabled", "-id")),
}

NAMED_DAY_ONLY = "yes"
NOT_NAMED_DAY = "no"


def filter_questions(
    queryset: WrittenQuestionQuerySet, filters: Mapping[str, Any]
) -> WrittenQuestionQuerySet:
    """Apply the filters that are set (empty values mean "any") and the chosen sort."""
    if uin := filters.get("uin"):
        queryset = queryset.with_uin(uin)
    if house := filters.get("house"):
        queryset = queryset.in_house(house)
    if body := filters.get("answering_body"):
        queryset = queryset.filter(answering_body=body)
    if status := filters.get("status"):
        queryset = queryset.with_status(status)
    if filters.get("tabled_from") or filters.get("tabled_to"):
        queryset = queryset.tabled_between(filters.get("tabled_from"), filters.get("tabled_to"))
    named_day = filters.get("named_day")
    if named_day == NAMED_DAY_ONLY:
        queryset = queryset.named_day(True)
    elif named_day == NOT_NAMED_DAY:
        queryset = queryset.named_day(False)
    # Filters other apps registered (search's "possible_duplicates"): set values only.
    for key in extensions.registered_filter_keys():
        if (value := filters.get(key)) and (registered := extensions.question_filter(key)):
            queryset = registered.apply(queryset, value)
    _label, ordering = SORTS.get(filters.get("sort") or DEFAULT_SORT, SORTS[DEFAULT_SORT])
    return queryset.order_by(*ordering)
