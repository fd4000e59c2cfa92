"""A table the import has doubled is analysed again, for the columns it looks rows up by."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection

from pqtracker.parliament import planner_stats
from pqtracker.parliament.models import WrittenQuestion

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]
TABLE = WrittenQuestion._meta.db_table


def add_questions(first: int, count: int) -> None:
    WrittenQuestion.objects.bulk_create(
        WrittenQuestion(
            parliament_id=n, uin=str(n), house="Commons", date_tabled=datetime.date(2024, 11, 13)
        )
        for n in range(first, first + count)
    )
    with connection.cursor() as cursor:
        # Counts reach the statistics system when a session has been idle a while; a test
        # cannot wait for that.
        cursor.execute("SELECT pg_stat_force_next_flush()")
    connection.close()  # a new session: the flush happens, and no cached snapshot of it


def analysed() -> list[str]:
    return [t for t in planner_stats.analyze_grown_tables() if t == TABLE]


def uin_statistics() -> bool:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stats WHERE tablename = %s AND attname = 'uin'", [TABLE]
        )
        return cursor.fetchone()[0] == 1


def test_a_table_is_analysed_when_it_has_doubled(monkeypatch):
    monkeypatch.setattr(planner_stats, "MIN_ROWS", 3)
    add_questions(1, 2)
    assert analysed() == []  # below the minimum
    add_questions(3, 3)
    assert analysed() == [TABLE] and uin_statistics()
    assert analysed() == []  # 5 rows, analysed at 5
    add_questions(6, 4)
    assert analysed() == []  # 9: not yet twice 5
    add_questions(10, 2)
    assert analysed() == [TABLE]
