"""CSV as spreadsheets read it: UTF-8 with a byte-order mark, and no cell run as a formula."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

BOM = "\ufeff"  # Excel reads the file as UTF-8 only with a byte-order mark.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_safe(value: Any) -> str:
    """A cell a spreadsheet will show as text, never run as a formula."""
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(_FORMULA_STARTS) else text


class _Echo:
    def write(self, value: str) -> str:
        return value


def csv_lines(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> Iterator[str]:
    """The file, line by line: for a streamed response or a file being written."""
    writer = csv.writer(_Echo())
    yield BOM
    yield writer.writerow(header)
    for row in rows:
        yield writer.writerow(csv_safe(value) for value in row)
