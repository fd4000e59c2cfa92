"""The question list at scale: each filter and sort read from an index, counts and pages that
do not read every row. Plans are checked, never timings."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.db.models import QuerySet

from pqtracker.parliament import pagination
from pqtracker.parliament.filters import SORTS
from pqtracker.parliament.generation import Kept
from pqtracker.parliament.models import WrittenQuestion
from pqtracker.parliament.pagination import QuestionPaginator
from tests.factories import WrittenQuestionFactory


def _plan(queryset: QuerySet[Any]) -> str:
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
            return "\n".join(str(row[-1]) for row in cursor.fetchall())
        # A handful of test rows: make the planner show which index it would use at scale.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_sort = off")
        cursor.execute("SET LOCAL enable_bitmapscan = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        return "\n".join(row[0] for row in cursor.fetchall())


def _sorted(key: str) -> QuerySet[WrittenQuestion]:
    return WrittenQuestion.objects.order_by(*SORTS[key][1])


CASES = {
    "uin any case": (
        lambda: WrittenQuestion.objects.with_uin("hl8").order_by(),
        "question_uin_upper",
    ),
    "uin sort": (lambda: _sorted("uin"), "question_uin_sort"),
    "answered sort": (lambda: _sorted("answered"), "question_answered_desc"),
    "named day": (
        lambda: _sorted("tabled-newest").filter(is_named_day=True),
        "question_named_day_tabled",
    ),
    "department and status": (
        lambda: _sorted("tabled-newest").filter(answering_body_id=1, status="answered"),
        "question_body_status_tabled",
    ),
}


@pytest.mark.django_db(transaction=False)
@pytest.mark.parametrize("case", CASES)
def test_list_filters_and_sorts_read_an_index_in_order(case):
    make, index = CASES[case]
    plan = _plan(make()[:25])
    assert index in plan, plan
    assert "TEMP B-TREE" not in plan and "Sort" not in plan.replace("Incremental", ""), plan


def test_uin_found_in_any_case_across_houses(db):
    commons = WrittenQuestionFactory(uin="HL8", house="Commons")
    lords = WrittenQuestionFactory(uin="hl8", house="Lords")
    WrittenQuestionFactory(uin="HL80")
    assert set(WrittenQuestion.objects.with_uin(" Hl8 ")) == {commons, lords}


def test_pages_hold_the_right_rows_in_order(db):
    made = [WrittenQuestionFactory() for _ in range(5)]
    ordered = WrittenQuestion.objects.for_listing().order_by("-id")
    paginator = QuestionPaginator(ordered, 2)
    assert [q.pk for q in paginator.page(2)] == [made[2].pk, made[1].pk]
    assert [q.pk for q in paginator.page(3)] == [made[0].pk]
    assert paginator.count == 5 and paginator.num_pages == 3


def test_count_beyond_the_threshold_is_estimated(db, monkeypatch):
    monkeypatch.setattr(pagination, "EXACT_COUNT_UP_TO", 2)
    for _ in range(5):
        WrittenQuestionFactory()
    paginator = QuestionPaginator(WrittenQuestion.objects.order_by("-id"), 2)
    if connection.vendor == "postgresql":
        assert paginator.estimated
        assert paginator.count >= 3  # never fewer than were counted
    else:
        # Too few ids to sample: SQLite counts them.
        assert not paginator.estimated and paginator.count == 5


def test_sqlite_estimates_from_runs_of_ids_spread_over_the_table(db, monkeypatch):
    """SQLite has no planner estimate: the matches among evenly spread runs of ids, scaled."""
    monkeypatch.setattr(pagination, "EXACT_COUNT_UP_TO", 5)
    monkeypatch.setattr(pagination, "SAMPLE_RUNS", 4)
    monkeypatch.setattr(pagination, "SAMPLE_RUN_LENGTH", 2)
    made = [WrittenQuestionFactory(house="Commons" if n % 2 else "Lords") for n in range(40)]
    assert made[-1].pk - made[0].pk == 39  # consecutive ids: the estimate is exact here
    every = QuestionPaginator(WrittenQuestion.objects.order_by("-id"), 2)
    half = QuestionPaginator(WrittenQuestion.objects.filter(house="Commons").order_by("-id"), 2)
    if connection.vendor == "postgresql":
        assert every.estimated and half.estimated  # the planner's figure, tested above
        return
    assert every.estimated and every.count == 40
    assert half.estimated and half.count == 20
    # Never fewer than were counted: five or fewer is an exact count, as before.
    few = QuestionPaginator(WrittenQuestion.objects.filter(pk__lte=made[3].pk).order_by("-id"), 2)
    assert not few.estimated and few.count == 4


def test_small_counts_are_exact(db, monkeypatch):
    for _ in range(3):
        WrittenQuestionFactory()
    paginator = QuestionPaginator(WrittenQuestion.objects.order_by("-id"), 2)
    assert paginator.count == 3 and not paginator.estimated


@pytest.mark.parametrize("rows", [3, 30])
def test_list_page_queries_do_not_grow_with_rows(client, pq_team, django_assert_num_queries, rows):
    for _ in range(rows):
        WrittenQuestionFactory()
    client.force_login(pq_team)
    client.get("/questions/?page=2")  # sessions and the like, once
    # Both pages with nothing kept (parliament.generation): their counts, ids and rows are read.
    _forget_everything_kept()
    expected = _list_queries(client)
    _forget_everything_kept()
    with django_assert_num_queries(expected):
        response = client.get("/questions/?page=2")
    assert response.status_code == 200


def _forget_everything_kept() -> None:
    from django.core.cache import caches

    Kept.clear_all()
    caches["fragments"].clear()


def _list_queries(client: Any) -> int:
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        client.get("/questions/")
    return len(queries)


def test_the_list_reads_only_the_columns_its_rows_show(client, pq_team):
    from django.test.utils import CaptureQueriesContext

    for _ in range(3):
        WrittenQuestionFactory()
    client.force_login(pq_team)
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/questions/")
    assert response.status_code == 200 and response.content.count(b"<tr class") == 4
    rows = [q["sql"] for q in queries if '"parliament_writtenquestion"."heading"' in q["sql"]]
    assert len(rows) == 1
    # Neither the question's text nor the asker's other columns are read for a list row.
    assert "question_text" not in rows[0] and "name_full_title" not in rows[0]
