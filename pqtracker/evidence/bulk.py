"""New figures straight into their table: by binary COPY on PostgreSQL, by one prepared INSERT
run for every row on SQLite.

A statistics release is a few hundred thousand figures. ``bulk_create`` (and even building model
instances for ``parliament.bulk_sql``) cost more than the database does: here each row is a tuple
of column values, made once from the parsed record. Keys are left to the database (no caller
needs them back).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import connection

from pqtracker.evidence.models import Figure
from pqtracker.parliament.models.lookups import unsized_type

# The columns written, in order (the primary key is the database's to assign).
COLUMNS = [
    "reference",
    "dataset_id",
    "publication_id",
    "measure",
    "source_column",
    "unit",
    "unit_note",
    "geography_level",
    "geography_code",
    "geography_name",
    "period",
    "period_start",
    "breakdown",
    "value",
    "marker",
    "release_date",
    "quote",
    "note",
]


def insert_figures(rows: Sequence[Sequence[Any]]) -> None:
    """INSERT rows of ``COLUMNS`` values (dates as ``datetime.date``, values as ``Decimal``)."""
    if not rows:
        return
    quote = connection.ops.quote_name
    table = quote(Figure._meta.db_table)
    columns = ", ".join(quote(c) for c in COLUMNS)
    if connection.vendor == "postgresql":
        # Concrete fields by column: a foreign key's column has its target's type.
        by_column = {f.column: f for f in Figure._meta.concrete_fields}
        types = [unsized_type(by_column[c], connection) for c in COLUMNS]
        # Django's cursor wrapper has no copy(): psycopg's own cursor, its errors made Django's.
        with (
            connection.wrap_database_errors,
            connection.connection.cursor() as cursor,
            cursor.copy(f"COPY {table} ({columns}) FROM STDIN (FORMAT BINARY)") as copy,
        ):
            copy.set_types(types)
            for row in rows:
                copy.write_row(row)
        return
    adapt_date = connection.ops.adapt_datefield_value
    date_at = COLUMNS.index("release_date")
    marks = ", ".join(["%s"] * len(COLUMNS))
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {table} ({columns}) VALUES ({marks})",  # noqa: S608 (names, not data)
            [
                (*row[:date_at], adapt_date(row[date_at]), *row[date_at + 1 :])
                if row[date_at] is not None
                else row
                for row in rows
            ],
        )
