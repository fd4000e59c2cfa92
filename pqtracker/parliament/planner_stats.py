"""Fresh planner statistics for the import's own look-ups while it fills empty tables.

PostgreSQL plans ``uin = ANY(…)`` from the column's statistics. A first import into a new
database writes tens of thousands of questions a minute, far ahead of autovacuum (which this
machine even runs without), and with no statistics the planner read every question to find a
batch's grouped UINs: 17 µs a record by 100,000 questions, against 0.1 ms a batch by index
once analysed. So after each batch that added questions, a table that has doubled since its last
analysis (or was never analysed and holds 1,000 rows) is analysed again, for the columns the
import looks up by only: those take 60 ms at 60,000 questions where the whole table takes
300-480 ms, and doubling keeps the total to about twice the last. Autovacuum, where it runs,
still analyses every column.
"""

from __future__ import annotations

from django.db import connection

from pqtracker.parliament.models import QuestionGroupLink, WrittenQuestion

# Table -> the columns the batch write looks rows up by, through non-unique indexes.
LOOKED_UP = {
    WrittenQuestion._meta.db_table: ("uin",),
    QuestionGroupLink._meta.db_table: ("uin", "grouped_question_id"),
}
MIN_ROWS = 1000


def analyze_grown_tables() -> list[str]:
    """Analyse the import's tables that have outgrown their statistics; returns their names."""
    if connection.vendor != "postgresql":
        return []  # SQLite's planner prefers an index without statistics
    with connection.cursor() as cursor:
        cursor.execute(
            # reltuples: the rows at the last analysis (-1: never). Live tuples: the statistics
            # system's running count, a second or so behind. (n_mod_since_analyze is not reset
            # by an analysis of some columns only, so it cannot say when the last one was.)
            "SELECT relname FROM pg_class WHERE oid = ANY(%s::regclass[]) "
            "AND pg_stat_get_live_tuples(oid) > greatest(%s, 2 * reltuples)",
            [list(LOOKED_UP), MIN_ROWS],
        )
        grown = sorted(name for (name,) in cursor.fetchall())
        quote = connection.ops.quote_name
        for name in grown:
            columns = ", ".join(quote(column) for column in LOOKED_UP[name])
            cursor.execute(f"ANALYZE {quote(name)} ({columns})")
    return grown
