"""Plain multi-row INSERTs for the batch write path, and a fast answer digest.

``QuerySet.bulk_create`` prepares every value of every row through the field API, which costs
more than the database does when an import writes thousands of new rows. Here each column's
adapter is looked up once and rows go to ``executemany``.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Sequence
from typing import Any

from django.db import connection, models

from pqtracker.parliament.records import AnswerRecord, MemberRef


def _adapter(field: models.Field) -> Callable[[Any], Any] | None:
    if isinstance(field, models.DateTimeField):
        return connection.ops.adapt_datetimefield_value
    if isinstance(field, models.DateField):
        return connection.ops.adapt_datefield_value
    if isinstance(field, models.JSONField):
        return json.dumps
    return None


def insert_objects(model: type[models.Model], objs: Sequence[models.Model]) -> None:
    """INSERT unsaved ``objs`` (primary keys are not set: callers look them up by a natural key)."""
    if not objs:
        return
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    stamped = [
        f for f in fields if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
    ]
    for obj in objs:
        for field in stamped:
            field.pre_save(obj, add=True)
    adapters = [(f.attname, _adapter(f)) for f in fields]
    rows = [
        tuple(
            (adapt(value) if adapt is not None and value is not None else value)
            for name, adapt in adapters
            for value in (getattr(obj, name),)
        )
        for obj in objs
    ]
    quote = connection.ops.quote_name
    columns = ", ".join(quote(f.column) for f in fields)
    placeholders = ", ".join(["%s"] * len(fields))
    sql = f"INSERT INTO {quote(model._meta.db_table)} ({columns}) VALUES ({placeholders})"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)


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
