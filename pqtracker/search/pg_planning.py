"""Choosing PostgreSQL's plan for the newest-first pass over a search's matches.

GIN says which documents hold a word, not in what order or where in the text, so PostgreSQL has
two ways to find the newest matches, and each is slow where the other is fast:

- walk the documents newest first, checking each (cheap when matches are dense: 2,001 matches
  of a word in a third of all questions are found in the first 6,000 rows);
- take the GIN bitmap of every candidate and sort them (cheap when matches are few).

Its own estimate is poor for phrases, ORs of rare words and words rarely found together, and
the plan it picks flips between ANALYZE runs; a wrong pick costs seconds at a million rows. We
estimate the share of documents that match from the planner's own per-word statistics
(``pg_stats.most_common_elems``) and choose: walking reads about ``window / share`` rows, the
bitmap about ``share × documents``; they cost the same at ``share = sqrt(window / documents)``.
"""

from __future__ import annotations

import math
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.db import connection, transaction
from django.db.models import QuerySet

from pqtracker.search.query import ParsedQuery, Term

_CACHE_SECONDS = 600
_cache: dict[str, Any] = {}


def _common(cursor: Any, table: str, column: str, cast: str) -> tuple[dict[Any, float], float]:
    """(element → share of documents, share assumed for other elements) from ``pg_stats``."""
    cursor.execute(
        # ``cast`` is one of this module's constants, never input.
        f"SELECT most_common_elems::text::{cast}[], most_common_elem_freqs FROM pg_stats "  # noqa: S608
        "WHERE tablename = %s AND attname = %s",
        [table, column],
    )
    row = cursor.fetchone()
    freqs: dict[Any, float] = {}
    if row and row[0]:
        freqs = dict(zip(row[0], row[1][: len(row[0])], strict=False))
    # An element outside the most common list is rarer than the least common one in it, usually
    # far rarer (the long tail of names). Guessing low is safe: reading every match of such an
    # element costs at most that least common share of the documents.
    return freqs, (min(freqs.values()) / 10 if freqs else 0.001)


def _statistics() -> dict[str, Any]:
    """Lexeme and pair statistics (see ``_common``) and the number of documents, cached."""
    if _cache and time.monotonic() - float(_cache["at"]) < _CACHE_SECONDS:
        return _cache
    with connection.cursor() as cursor:
        freqs, rare = _common(cursor, "search_searchdocument", "vector", "text")
        pair_freqs, rare_pair = _common(cursor, "search_phrasepairs", "pairs", "integer")
        cursor.execute("SELECT reltuples FROM pg_class WHERE relname = 'search_searchdocument'")
        docs = max(1, int((cursor.fetchone() or [0])[0]))
    _cache.update(
        at=time.monotonic(),
        freqs=freqs,
        rare=rare,
        pair_freqs=pair_freqs,
        rare_pair=rare_pair,
        docs=docs,
    )
    return _cache


def _lexemes(texts: list[str]) -> dict[str, tuple[list[str], list[int]]]:
    """Each text's lexemes, and the hashes of its adjacent pairs (as the index stores them)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT w, ARRAY(SELECT lexeme FROM unnest(v)), search_adjacent_pairs(v) "
            "FROM unnest(%s::text[]) AS t(w), to_tsvector('english', w) AS v",
            [texts],
        )
        return {text: (lexemes, pairs) for text, lexemes, pairs in cursor.fetchall()}


def match_share(query: ParsedQuery) -> tuple[float, int]:
    """Estimated share of documents matching ``query``, and the number of documents."""
    stats = _statistics()
    freqs, rare = stats["freqs"], stats["rare"]
    phrases = {t.text for c in query.positive for t in c.alternatives if t.is_phrase}
    found = _lexemes(sorted(set(query.words) | phrases))

    def term_share(term: Term) -> float:
        share = 1.0
        for word in term.words:
            for lexeme in found.get(word, ([], []))[0]:
                share *= freqs.get(lexeme, rare)
        if not term.is_phrase:
            return share
        # Words of a phrase next to each other are much rarer than anywhere in the text; no
        # more common than its rarest adjacent pair, when it has one.
        pairs = found.get(term.text, ([], []))[1]
        rarest = min(
            (stats["pair_freqs"].get(pair, stats["rare_pair"]) for pair in pairs), default=1.0
        )
        return min(share * 0.1, rarest)

    share = 1.0
    for clause in query.positive:
        share *= min(1.0, sum(term_share(t) for t in clause.alternatives))
    return share, stats["docs"]


@contextmanager
def _settings(**values: str) -> Iterator[None]:
    """Planner settings for the statements inside, given back afterwards."""
    with transaction.atomic(), connection.cursor() as cursor:
        for name, value in values.items():  # constants of this module, never user input
            cursor.execute(f"SET LOCAL {name} = '{value}'")
        try:
            yield
        finally:
            # SET LOCAL lasts to the end of the outermost transaction: give it back now.
            for name in values:
                cursor.execute(f"SET LOCAL {name} TO DEFAULT")


# Walking reads window / share rows one after another in id order; the sliced bitmap reads about
# twice the window at random, plus every posting of every word. Below this share the walk loses.
WALK_MIN_SHARE = 0.08
# Bitmaps and sorts of a few thousand wide rows must not spill to disk.
_WORK_MEM = "32MB"
# The narrowest first slice of ids.
_MIN_SPAN = 10_000
# Slice only when the whole index is expected to hold this many times the matches wanted.
_SLICE_ABOVE = 4


def walks(share: float, window: int, docs: int) -> bool:
    """Whether walking newest first reads fewer rows than the sliced bitmap (see newest_rows)."""
    return share >= max(WALK_MIN_SHARE, math.sqrt(window / docs))


def newest_rows(rows: QuerySet[Any], query: ParsedQuery, limit: int, key: str) -> list[Any]:
    """The first ``limit`` of ``rows`` (ordered newest first on ``key``), read cheaply.

    Dense matches: walk the documents newest first. Sparse matches: take GIN's bitmap, but only
    over the newest slice of ids expected to hold ``limit`` matches (PostgreSQL ANDs it with the
    key's index), then slices four times wider, so a search reads about the rows it returns
    rather than every match it has.
    """
    share, docs = match_share(query)
    if walks(share, limit, docs):
        with _settings(enable_bitmapscan="off", work_mem=_WORK_MEM):
            return list(rows[:limit])
    if share * docs < _SLICE_ABOVE * limit:
        # Few matches expected: reading them all costs less than a wide range of ids would.
        with _settings(enable_indexscan="off", work_mem=_WORK_MEM):
            return list(rows[:limit])
    with connection.cursor() as cursor:
        cursor.execute("SELECT max(question_id) FROM search_searchdocument")
        top = (cursor.fetchone() or [None])[0]
    if top is None:
        return []
    found: list[Any] = []
    high = top + 1
    span = max(_MIN_SPAN, math.ceil(2 * limit / max(share, 1e-9)))
    with _settings(enable_indexscan="off", work_mem=_WORK_MEM):
        while True:
            low = high - span
            part = rows.filter(**{f"{key}__lt": high})
            if low > 0:
                part = part.filter(**{f"{key}__gte": low})
            found.extend(part[: limit - len(found)])
            if len(found) >= limit or low <= 0:
                return found
            high, span = low, span * 4
