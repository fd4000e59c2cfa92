"""``field__any=[…]``: ``IN`` for many values, as one array parameter on PostgreSQL.

The batch write path looks hundreds of keys up at a time. As ``IN (%s, %s, …)`` Django prepares
each value through the lookup and psycopg splits and quotes the long statement on the client:
about 20 µs a record of an import on PostgreSQL, more than the queries cost the server.
``= ANY(%s::type[])`` is one parameter; on SQLite ``IN (SELECT value FROM json_each(%s))`` is,
and SQLite still probes the column's index once per value. Elsewhere it is the ``IN`` lookup.
"""

from __future__ import annotations

import json
import re
from typing import Any

from django.db import models
from django.db.models.lookups import In

_SIZE = re.compile(r"\(.*\)")


def unsized_type(field: models.Field, connection: Any) -> str:
    """The column's type without its size ("varchar", not "varchar(20)"), for arrays and COPY:
    a cast to a sized type would cut a long value short, where the column itself refuses it."""
    # Field.cast_db_type is undocumented (and not in the stubs): the type Django's casts use.
    return _SIZE.sub("", field.cast_db_type(connection))  # type: ignore[attr-defined]


class AnyOf(In):
    lookup_name = "any"

    def _values(self, connection: Any) -> list[Any]:
        # As In does: None never matches, and the values are prepared for the column.
        field = self.lhs.output_field
        return [
            field.get_db_prep_value(value, connection, prepared=True)
            for value in self.rhs
            if value is not None
        ]

    def as_sqlite(self, compiler: Any, connection: Any) -> tuple[str, list[Any]]:
        values = self._values(connection)
        if any(not isinstance(value, (int, str)) for value in values):
            # JSON carries numbers and strings as SQLite compares them; anything else is IN's.
            sql, params = self.as_sql(compiler, connection)
            return sql, list(params)
        lhs, lhs_params = self.process_lhs(compiler, connection)
        sql = f"{lhs} IN (SELECT value FROM json_each(%s))"  # noqa: S608 - a compiled column
        return sql, [*lhs_params, json.dumps(values)]

    def as_postgresql(self, compiler: Any, connection: Any) -> tuple[str, list[Any]]:
        lhs, lhs_params = self.process_lhs(compiler, connection)
        field = self.lhs.output_field
        values = self._values(connection)
        return f"{lhs} = ANY(%s::{unsized_type(field, connection)}[])", [*lhs_params, values]


models.Field.register_lookup(AnyOf)
# Relations take their lookups from ForeignObject down, not from Field.
models.ForeignObject.register_lookup(AnyOf)
