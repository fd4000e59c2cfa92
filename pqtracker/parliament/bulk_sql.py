"""Plain multi-row INSERTs for the batch write path, and a fast answer digest.

``QuerySet.bulk_create`` prepares every value of every row through the field API, which costs
more than the database does when an import writes thousands of new rows. Here each column's
adapter is looked up once, the rows' keys are assigned first, and a table's rows go in
together: by binary ``COPY`` on PostgreSQL, by one prepared INSERT run for every row on SQLite.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import operator
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from django.db import connection, models, transaction
from django.utils import timezone

from pqtracker.parliament.models.lookups import unsized_type
from pqtracker.parliament.records import AnswerRecord, MemberRef

M = TypeVar("M", bound=models.Model)


def _adapter(field: models.Field) -> Callable[[Any], Any] | None:
    if isinstance(field, models.DateTimeField):
        return connection.ops.adapt_datetimefield_value
    if isinstance(field, models.DateField):
        return connection.ops.adapt_datefield_value
    if isinstance(field, models.JSONField):
        return json.dumps
    return None


@functools.cache
def _construction(model: type[models.Model]) -> list[tuple[models.Field, bool, Any]]:
    """Per concrete field: the field, whether it is a foreign key, and its default maker."""
    return [
        (
            field,
            field.is_relation and field.name != field.attname,
            # Private: the cached default maker Model.__init__ itself uses; not in the stubs.
            None if field.primary_key else field._get_default,  # type: ignore[attr-defined]
        )
        for field in model._meta.concrete_fields
    ]


def new_instance(model: type[M], values: dict[str, Any]) -> M:
    """``model(**values)`` for a row about to be inserted, built by position.

    ``Model.__init__`` with keywords looks every field up by name (about 12 µs a question);
    by position it only assigns. ``values`` are keyed by field name; a related object given
    by name is stored by key and kept in the field's cache, as the keyword form does.
    """
    related: list[tuple[models.Field, Any]] = []
    args = []
    for field, is_key, default in _construction(model):
        name = field.name
        if name in values:
            value = values[name]
            if is_key:
                related.append((field, value))
                value = value.pk if value is not None else None
        elif default is None:
            value = None
        else:
            value = default()
        args.append(value)
    obj = model(*args)
    for field, value in related:
        # FieldCacheMixin (a relation's field cache, as Model.__init__ fills it); the stubs
        # type these fields as plain Field.
        field.set_cached_value(obj, value)  # type: ignore[attr-defined]
    return obj


def insert_objects(model: type[models.Model], objs: Sequence[models.Model]) -> None:
    """INSERT unsaved ``objs`` together; each gets its new primary key, assigned before the
    rows go in (so no key need come back from the database)."""
    if not objs:
        return
    # Generated columns (WrittenQuestion.due_order) are the database's to write.
    fields = [f for f in model._meta.concrete_fields if not f.primary_key and not f.generated]
    stamped = [
        f for f in fields if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
    ]
    if stamped:
        # One time for the whole statement, as one save stamps one row: a distinct time per row
        # would be adapted (made naive, formatted) row by row, the costliest part of a row.
        now = timezone.now()
        for obj in objs:
            for field in stamped:
                setattr(obj, field.attname, now)
    adapters = [(f.attname, _adapter(f)) for f in fields]
    # Most adapted values repeat (every row of a batch has the same timestamps and few dates),
    # and adapting a datetime is the costly part of building a row.
    adapted: dict[tuple[Any, Any], Any] = {}

    def adapt_value(adapt: Callable[[Any], Any], value: Any) -> Any:
        if adapt is json.dumps:  # JSON values need not be hashable
            return adapt(value)
        key = (adapt, value)
        if key not in adapted:
            adapted[key] = adapt(value)
        return adapted[key]

    read = operator.attrgetter(*(name for name, _ in adapters))
    adapted_columns = [(i, adapt) for i, (_, adapt) in enumerate(adapters) if adapt is not None]
    rows = []
    for obj in objs:
        row = list(read(obj)) if len(adapters) > 1 else [read(obj)]
        for i, adapt in adapted_columns:
            if row[i] is not None:
                row[i] = adapt_value(adapt, row[i])
        rows.append(row)
    quote = connection.ops.quote_name
    columns = ", ".join(quote(f.column) for f in fields)
    if connection.vendor == "postgresql":
        _insert_postgresql(model, objs, fields, columns, rows)
    else:
        _insert_sqlite(model, objs, columns, rows)


def _insert_postgresql(
    model: type[models.Model],
    objs: Sequence[models.Model],
    fields: list[models.Field],
    columns: str,
    rows: list[list[Any]],
) -> None:
    """Keys from the table's sequence, then every row by one binary ``COPY``.

    Measured on 500 questions at 20,000: ``COPY`` 21-25 µs a row against 29-30 for the one
    ``INSERT … SELECT * FROM unnest(<binary array per column>) RETURNING`` it replaced, which
    was itself twice as fast as text arrays or a long ``VALUES`` list (psycopg quoted those on
    the client). psycopg writes the rows in C; the server skips the executor. The types are
    the columns' own, unsized ("varchar", not "varchar(20)"): the column's type still refuses
    an over-long value rather than cutting it short. No JSON columns: the batch path writes
    none, and binary ``jsonb`` would need the value undumped.
    """
    quote = connection.ops.quote_name
    table = model._meta.db_table
    pk_column = model._meta.pk.column
    assert not any(isinstance(f, models.JSONField) for f in fields), "JSON is not copied"
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [table, pk_column, len(rows)],
        )
        keys = [key for (key,) in cursor.fetchall()]
    types = [unsized_type(f, connection) for f in [model._meta.pk, *fields]]
    statement = f"COPY {quote(table)} ({quote(pk_column)}, {columns}) FROM STDIN (FORMAT BINARY)"
    # Django's cursor wrapper has no copy(): psycopg's own cursor, its errors made Django's.
    with (
        connection.wrap_database_errors,
        connection.connection.cursor() as cursor,
        cursor.copy(statement) as copy,
    ):
        copy.set_types(types)
        for key, row in zip(keys, rows, strict=True):
            copy.write_row((key, *row))
    for key, obj in zip(keys, objs, strict=True):
        obj.pk = key
        obj._state.adding = False


def _insert_sqlite(
    model: type[models.Model], objs: Sequence[models.Model], columns: str, rows: list[list[Any]]
) -> None:
    """One prepared single-row INSERT run for every row, with keys given rather than returned.

    ``executemany`` prepares the statement once and binds row by row in C, where one
    ``VALUES (…), (…) RETURNING`` statement with thousands of placeholders was parsed whole
    (at 100,000 questions: 39 against 42 µs a question row, 8 against 11 an answer). The keys
    follow the table's last one (AUTOINCREMENT: the highest ever used, which
    ``sqlite_sequence`` keeps), read inside the same transaction; SQLite's transactions here
    begin IMMEDIATE, holding the write lock, so no other writer can take them in between.
    """
    quote = connection.ops.quote_name
    table = model._meta.db_table
    pk_column = quote(model._meta.pk.column)
    # In the caller's transaction where there is one (a savepoint would only add statements).
    holding = contextlib.nullcontext() if connection.in_atomic_block else transaction.atomic()
    with holding, connection.cursor() as cursor:
        cursor.execute(
            f"SELECT max(coalesce((SELECT seq FROM sqlite_sequence WHERE name = %s), 0), "  # noqa: S608
            f"coalesce((SELECT max({pk_column}) FROM {quote(table)}), 0))",
            [table],
        )
        first = cursor.fetchone()[0] + 1
        marks = ", ".join(["%s"] * (len(rows[0]) + 1))
        cursor.executemany(
            f"INSERT INTO {quote(table)} ({pk_column}, {columns}) VALUES ({marks})",  # noqa: S608
            [[first + offset, *row] for offset, row in enumerate(rows)],
        )
    for offset, obj in enumerate(objs):
        obj.pk = first + offset
        obj._state.adding = False


def _member(ref: MemberRef) -> dict[str, Any]:
    return {"parliament_id": ref.parliament_id, "name": ref.name}


def answer_digest(record: AnswerRecord) -> str:
    """``AnswerRecord.content_hash()``, without ``dataclasses.asdict``'s deep copies.

    Must stay byte-for-byte equal to it (a test holds them together): stored hashes use it.
    """
    payload = {
        "answer_html": record.answer_html,
        "answer_text": record.answer_text,
        "answering_member": _member(record.answering_member),
        "date_answered": record.date_answered,
        "is_holding": record.is_holding,
        "date_holding_answer": record.date_holding_answer,
        "is_correction": record.is_correction,
        "date_corrected": record.date_corrected,
        "correcting_member": _member(record.correcting_member),
        "original_answer_html": record.original_answer_html,
        "original_answer_text": record.original_answer_text,
        "attachments": [
            {
                "url": a.url,
                "title": a.title,
                "file_type": a.file_type,
                "file_size_bytes": a.file_size_bytes,
            }
            for a in record.attachments
        ],
    }
    return hashlib.sha256(json.dumps(payload, sort_keys=True, default=str).encode()).hexdigest()


def set_column(model: type[models.Model], column: str, values: dict[int, Any]) -> None:
    """``UPDATE … SET column = CASE id …`` for many rows by primary key, in one statement."""
    if not values:
        return
    quote = connection.ops.quote_name
    pk = quote(model._meta.pk.column)
    cases = " ".join(["WHEN %s THEN %s"] * len(values))
    marks = ", ".join(["%s"] * len(values))
    sql = (
        f"UPDATE {quote(model._meta.db_table)} SET {quote(column)} = CASE {pk} {cases} END "  # noqa: S608
        f"WHERE {pk} IN ({marks})"
    )
    params = [item for pair in values.items() for item in pair] + list(values)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
