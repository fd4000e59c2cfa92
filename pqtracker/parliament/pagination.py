"""Pages of questions that cost the same at a thousand rows and at a million.

Two things grow with the record in Django's own ``Paginator``: ``COUNT(*)`` reads every matching
row on every page view, and ``OFFSET n`` on a deep page fetches (and on PostgreSQL joins the
members and bodies of) every row it skips. Here the count is exact up to ``EXACT_COUNT_UP_TO``
and beyond it an estimate ("about 960,000"): PostgreSQL's planner's, or on SQLite (which has
none) the matches among a sample of id runs spread over the table; and a page reads the ids of
its rows alone first (from an index, when one gives the order), then those rows by key.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Mapping, Sequence
from functools import cached_property
from typing import Any, overload

from django.core.exceptions import EmptyResultSet
from django.core.paginator import Page, Paginator
from django.db import connections
from django.db.models import QuerySet

from pqtracker.parliament import generation

# Counting this many matches through an index takes a few milliseconds; a page count beyond it
# need not be exact.
EXACT_COUNT_UP_TO = 10_000

# SQLite's estimate for a filtered list: the matches among SAMPLE_RUNS runs of
# SAMPLE_RUN_LENGTH consecutive ids (1,000 rows), evenly spaced over the table, read by key.
# Many short runs, so that matches bunched in time (ids follow tabling), such as the open
# questions, still fall in some of them.
SAMPLE_RUNS = 100
SAMPLE_RUN_LENGTH = 10

# Counts and pages' ids kept (a number, or 25 ids, each): the filters and pages people open.
_COUNTS = generation.Kept("list counts and pages", size=2_000, shared=True)


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


def id_bounds(queryset: QuerySet[Any]) -> tuple[int, int] | None:
    """The lowest and highest id in the table: one look each at the ends of the key (a single
    ``MIN``, ``MAX`` pair would make SQLite scan the table)."""
    table = connections[queryset.db].ops.quote_name(queryset.model._meta.db_table)
    key = connections[queryset.db].ops.quote_name(queryset.model._meta.pk.column)
    with connections[queryset.db].cursor() as cursor:
        cursor.execute(
            f"SELECT (SELECT MIN({key}) FROM {table}), (SELECT MAX({key}) FROM {table})"  # noqa: S608 (names from the model)
        )
        low, high = cursor.fetchone()
    return None if low is None else (int(low), int(high))


def sampled_estimate(queryset: QuerySet[Any]) -> int | None:
    """SQLite's estimate of the rows ``queryset`` returns; None when the table is too small to
    need one. Unfiltered: the id range (SQLite keeps no row count, and counting a million ids
    takes tens of milliseconds). Filtered: the matches among runs of ids spread evenly over the
    table, scaled up: a count that needs each row read (a filter no one index serves) costs a
    second or more at a million rows."""
    bounds = id_bounds(queryset)
    sampled = SAMPLE_RUNS * SAMPLE_RUN_LENGTH
    if bounds is None or bounds[1] - bounds[0] + 1 <= 2 * sampled:
        return None
    low, high = bounds
    span = high - low + 1
    if not queryset.query.where:
        return span
    step = span // SAMPLE_RUNS
    # An IN list of keys: SQLite reads each by key, or checks it in the filter's own index.
    ids = [low + run * step + n for run in range(SAMPLE_RUNS) for n in range(SAMPLE_RUN_LENGTH)]
    matched = queryset.order_by().filter(pk__in=ids).count()
    return round(matched * span / sampled)


def estimate(queryset: QuerySet[Any]) -> int | None:
    """An estimate of the rows ``queryset`` returns, by the engine's cheapest means."""
    if connections[queryset.db].vendor == "postgresql":
        return planner_estimate(queryset)
    return sampled_estimate(queryset)


class Rows(Sequence[Any]):
    """A page's questions by id, read (by ``load``, ids to rows) only when first iterated.

    The list and search pages keep their rows rendered (ADR 19): when the rendering is kept,
    the rows are never read. The key of the rendering and the row tags need the ids alone.
    """

    def __init__(self, ids: Sequence[int], load: Callable[[list[int]], Mapping[int, Any]]):
        self.ids = list(ids)
        self._load = load
        self._rows: list[Any] | None = None

    def _read(self) -> list[Any]:
        if self._rows is None:
            found = self._load(self.ids)
            self._rows = [found[pk] for pk in self.ids if pk in found]
        return self._rows

    def __bool__(self) -> bool:
        return bool(self.ids)

    def __len__(self) -> int:
        # The ids' count: a row deleted since its id was read moves the generation, so the
        # ids are read again before anyone could see the two differ.
        return len(self.ids)

    def __iter__(self) -> Iterator[Any]:
        return iter(self._read())

    @overload
    def __getitem__(self, index: int) -> Any: ...
    @overload
    def __getitem__(self, index: slice) -> list[Any]: ...
    def __getitem__(self, index: int | slice) -> Any:
        return self._read()[index]


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
        # Kept while the record is unchanged (``parliament.generation``), by the statement that
        # counts: the list's first pages are everyone's, and a count is most of their cost.
        try:
            sql, params = self.questions.order_by().values("pk").query.sql_with_params()
        except EmptyResultSet:  # no rows can match (a queryset.none())
            return 0, False
        return _COUNTS.get(("count", sql, repr(params)), self._count, using=self.questions.db)

    def _count(self) -> tuple[int, bool]:
        queryset = self.questions.order_by()
        # Ids alone, without the rows' joins. Unfiltered, in the page's order (its index gives
        # the first ids without reading the table); filtered, in no order, so the engine picks
        # the filter's index rather than walking the sort's index past every row when fewer
        # than the limit match.
        ids = (queryset if queryset.query.where else self.questions).select_related(None)
        counted = ids.values("pk")[: EXACT_COUNT_UP_TO + 1].count()
        if counted <= EXACT_COUNT_UP_TO:
            return counted, False
        estimated = estimate(queryset)
        if estimated is None:
            return queryset.count(), False
        return max(estimated, counted), True

    def page(self, number: Any) -> Page:
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        # A page's ids, kept like the count: a deep page's OFFSET walks the index up to it (on
        # PostgreSQL, checking each entry's visibility: ~100 ms at a million).
        page_ids = self.questions.values_list("pk", flat=True)[bottom:top]
        try:
            sql, params = page_ids.query.sql_with_params()
        except EmptyResultSet:  # no rows can match (an empty page, a queryset.none())
            ids = []
        else:
            ids = _COUNTS.get(("ids", sql, repr(params)), lambda: list(page_ids), using=page_ids.db)
        return Page(Rows(ids, self.questions.order_by().in_bulk), number, self)
