"""Pages of questions that cost the same at a thousand rows and at a million.

Two things grow with the record in Django's own ``Paginator``: ``COUNT(*)`` reads every matching
row on every page view, and ``OFFSET n`` on a deep page fetches (and on PostgreSQL joins the
members and bodies of) every row it skips. Here the count is exact up to ``EXACT_COUNT_UP_TO``
and beyond it, on PostgreSQL, the planner's estimate ("about 960,000"); and a page reads the ids
of its rows alone first (from an index, when one gives the order), then those rows by key.
"""

from __future__ import annotations

import json
from functools import cached_property
from typing import Any

from django.core.paginator import Page, Paginator
from django.db import connections
from django.db.models import QuerySet

# Counting this many matches through an index takes a few milliseconds; a page count beyond it
# need not be exact.
EXACT_COUNT_UP_TO = 10_000


def planner_estimate(queryset: QuerySet[Any]) -> int | None:
    """PostgreSQL's estimate of the rows ``queryset`` returns, or None on other engines."""
    connection = connections[queryset.db]
    if connection.vendor != "postgresql":
        return None
    sql, params = queryset.order_by().values("pk").query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
        plan = cursor.fetchone()[0]
    if isinstance(plan, str):
        plan = json.loads(plan)
    return int(plan[0]["Plan"]["Plan Rows"])


class QuestionPaginator(Paginator):
    """A ``Paginator`` over a queryset whose ``count`` may be an estimate (``estimated`` says)."""

    @property
    def count(self) -> int:
        return self._counted[0]

    @property
    def estimated(self) -> bool:
        return self._counted[1]

    @property
    def questions(self) -> QuerySet[Any]:
        assert isinstance(self.object_list, QuerySet)  # only querysets are paged here
        return self.object_list

    @cached_property
    def _counted(self) -> tuple[int, bool]:
        queryset = self.questions.order_by()
        # Ids alone, without the rows' joins. Unfiltered, in the page's order (its index gives
        # the first ids without reading the table); filtered, in no order, so the engine picks
        # the filter's index rather than walking the sort's index past every row when fewer
        # than the limit match.
        ids = (queryset if queryset.query.where else self.questions).select_related(None)
        counted = ids.values("pk")[: EXACT_COUNT_UP_TO + 1].count()
        if counted <= EXACT_COUNT_UP_TO:
            return counted, False
        estimate = planner_estimate(queryset)
        if estimate is None:
            # SQLite has no estimate to give, and counts through its indexes without the
            # visibility checks that make a PostgreSQL count read the table.
            return queryset.count(), False
        return max(estimate, counted), True

    def page(self, number: Any) -> Page:
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        ids = list(self.questions.values_list("pk", flat=True)[bottom:top])
        rows = self.questions.order_by().in_bulk(ids)
        return Page([rows[pk] for pk in ids if pk in rows], number, self)
