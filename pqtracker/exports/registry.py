"""What can be exported: sources registered by higher apps in their AppConfig.ready().

A source turns a query string (the page's own filters) into a count and rows. It raises
``InvalidQuery`` with a message for people when the query string does not make sense.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from django.http import QueryDict

from pqtracker.accounts.permissions import Permission


class InvalidQuery(Exception):
    """The query string cannot be exported; the message says what to correct."""


@dataclass(frozen=True)
class ExportSource:
    kind: str
    filename: str
    header: Sequence[str]
    permission: Permission
    # QueryDict -> how many rows (validates; may raise InvalidQuery).
    count: Callable[[QueryDict], int]
    # (QueryDict, base URL for links) -> rows in order.
    rows: Callable[[QueryDict, str], Iterator[Sequence[Any]]]
    # QueryDict -> a short description for the downloads page ("Search for ‘clubs’").
    describe: Callable[[QueryDict], str]
    # QueryDict -> the address of the page the rows come from.
    back_url: Callable[[QueryDict], str]


_SOURCES: dict[str, ExportSource] = {}


def register(source: ExportSource) -> None:
    _SOURCES[source.kind] = source


def get(kind: str) -> ExportSource | None:
    return _SOURCES.get(kind)
