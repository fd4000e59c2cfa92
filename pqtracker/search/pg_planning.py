"""Finding the newest matches of a search on PostgreSQL without reading all of them.

GIN says which documents hold a word, not in what order: its bitmap of a common word's matches
took 15-25 ms at a million documents before a row was read, and ranking must then read every
match. Two older ways round it each had a bad case: walking the documents newest first (slow when
matches are sparse, or filters reject most of them) and ANDing GIN's bitmap with a range of ids
(the range's own bitmap cost as much again). Now the GIN index also holds each document's block
of ids (migration 0004), and a search asks for its matches in the newest blocks only. How many
blocks to ask for first comes from the share of documents expected to match, estimated from the
planner's own per-word statistics (``pg_stats.most_common_elems``), because PostgreSQL's own
estimate is poor for phrases, ORs of rare words and words rarely found together.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from django.contrib.postgres.fields import ArrayField
from django.db import connection, transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import BigIntegerField, BooleanField, F, Func, QuerySet, Value
from django.db.models.sql.compiler import SQLCompiler

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


def word_lexemes(words: list[str]) -> tuple[dict[str, tuple[str, float]], int]:
    """Each word's lexeme and estimated share of documents holding it (stop words left out),
    and the number of documents: what picking a question's rarest words needs, from the cached
    statistics and one query."""
    stats = _statistics()
    found = {
        word: (lexemes[0], stats["freqs"].get(lexemes[0], stats["rare"]))
        for word, (lexemes, _pairs) in _lexemes(words).items()
        if lexemes
    }
    return found, stats["docs"]


def match_share(query: ParsedQuery) -> tuple[float, int]:
    """Estimated share of documents matching ``query``, and the number of documents."""
    stats = _statistics()
    freqs, rare = stats["freqs"], stats["rare"]
    phrases = {t.text for c in query.positive for t in c.alternatives if t.is_phrase}
    excluded = {w for c in query.clauses if c.excluded for t in c.alternatives for w in t.words}
    found = _lexemes(sorted(set(query.words) | excluded | phrases))

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
    for clause in query.clauses:
        if clause.excluded and not any(found[w][0] for t in clause.alternatives for w in t.words):
            continue  # only stop words: excludes nothing
        either = min(1.0, sum(term_share(t) for t in clause.alternatives))
        # An excluded common word ("-whether") removes most matches: without this, a search
        # would read block after block finding too few. Never below a tenth: the words are not
        # independent, and reading too many blocks costs less than too many rounds.
        share *= max(0.1, 1.0 - either) if clause.excluded else either
    return share, stats["docs"]


@contextmanager
def _settings(**values: str) -> Iterator[None]:
    """Planner settings for the statements inside, given back afterwards.

    One statement sets them all (each is a round trip to the server). A transaction begun here
    gives them back itself when it ends; inside a caller's, they are set back explicitly.
    """
    outermost = not connection.in_atomic_block
    with transaction.atomic(), connection.cursor() as cursor:
        # set_config(name, value, true) is SET LOCAL.
        cursor.execute(
            "SELECT " + ", ".join(["set_config(%s, %s, true)"] * len(values)),
            [item for pair in values.items() for item in pair],
        )
        yield
        # Not in ``finally``: after an error the savepoint's rollback undoes the settings, and
        # the aborted transaction would refuse this statement.
        if not outermost:
            cursor.execute(
                "SELECT set_config(name, reset_val, true) FROM pg_settings WHERE name = ANY(%s)",
                [list(values)],
            )


# Bitmaps and sorts of a few thousand wide rows must not spill to disk.
_WORK_MEM = "32MB"
_PLANNER = {
    # Walking the documents' key newest first is what blocks replace (see newest_rows).
    "enable_indexscan": "off",
    "work_mem": _WORK_MEM,
    # Workers hand each row, whole vector and all, to the leader through shared memory: for
    # these few thousand rows that cost more than it saved (a million documents, 2 cores: the
    # ranking statement 30-32 -> 24-25 ms a search on average, p50 of the mix 59-66 -> 51-54).
    "max_parallel_workers_per_gather": "0",
}
# For statements that order by an expression no index holds (so there is no walk to prevent),
# whose joins should use plain index scans.
JOINED_PLANNER = {k: v for k, v in _PLANNER.items() if k != "enable_indexscan"}
# Read everything at once when the whole index is expected to hold fewer than this many times
# the matches wanted.
_SLICE_ABOVE = 1
# Documents are grouped in blocks of this many consecutive question ids, and the GIN index holds
# each document's block beside its lexemes (btree_gin; migration 0004 builds it on exactly
# ``question_id / 8192``, so this must not change without a new index).
BLOCK = 8192
# The first blocks read are expected to hold this many times the matches wanted. GIN's time
# grows with the blocks it reads (three common words over 71 blocks 44-47 ms, over 38 blocks
# 25-28), and a second round costs another index scan: 1.5 read twice what was needed when the
# estimate was right; 1.0-1.2 measured alike (p95 38-45 ms at a million documents).
_FIRST_READ = 1.2
# Later rounds are sized from the matches found so far per id read (the estimate was wrong, or
# the round would not be needed), with this margin; a round that found none reads four times
# as many ids as the last.
_NEXT_READ = 1.3


class InBlocks(Func):
    """``(question_id / BLOCK) = ANY(blocks)``, written as the index's own expression.

    An array, even of one block, and never ``IN``: PostgreSQL turns ``IN (one value)`` into
    ``=``, and then plans the block as a filter over every match of the words.
    """

    output_field = BooleanField()

    def __init__(self, key: str, blocks: list[int]) -> None:
        super().__init__(F(key), Value(blocks, output_field=ArrayField(BigIntegerField())))

    def as_sql(
        self,
        compiler: SQLCompiler,
        connection: BaseDatabaseWrapper,
        function: str | None = None,
        template: str | None = None,
        arg_joiner: str | None = None,
        **extra_context: Any,
    ) -> tuple[str, Any]:
        key, key_params = compiler.compile(self.source_expressions[0])
        blocks, block_params = compiler.compile(self.source_expressions[1])
        return f"(({key} / {BLOCK}) = ANY({blocks}::bigint[]))", [*key_params, *block_params]


def newest_rows(
    rows: QuerySet[Any],
    query: ParsedQuery,
    limit: int,
    key: str,
    fetch: Callable[[QuerySet[Any]], list[Any]] = list,
    planner: dict[str, str] = _PLANNER,
) -> list[Any]:
    """The first ``limit`` of ``rows`` (ordered newest first on ``key``), read cheaply.

    GIN finds every match of a word at once, in no order: at a million documents a common word's
    bitmap alone took 15-25 ms, and ANDing it with a range of ids took as long again. So we ask
    the index for the matches in the newest blocks of ids only (one scan of the lexemes' and the
    blocks' entries together), as many blocks as should hold the matches wanted, then as many
    older blocks as the density found so far says should hold the rest (``next_span``), until
    ``limit`` are found. A search then reads and ranks about the rows it returns, however many
    older matches there are. ``fetch`` reads each round's rows (a sliced queryset) into a list,
    under the ``planner`` settings.
    """
    share, docs = match_share(query)
    if share * docs < _SLICE_ABOVE * limit:
        # Few matches expected: reading them all costs less than block after block would.
        with _settings(**planner):
            return fetch(rows[:limit])
    with connection.cursor() as cursor:
        cursor.execute("SELECT max(question_id) FROM search_searchdocument")
        top = (cursor.fetchone() or [None])[0]
    if top is None:
        return []
    found: list[Any] = []
    high = top + 1  # the ids still to read are those below this
    span = math.ceil(_FIRST_READ * limit / max(share, 1e-9))
    with _settings(**planner):
        while high > 0:
            # Every block holding an id in [high - span, high); blocks are read whole, so the
            # next round starts below the oldest block read.
            newest, oldest = (high - 1) // BLOCK, max(0, high - span) // BLOCK
            blocks = list(range(newest, oldest - 1, -1))
            before = len(found)
            found.extend(fetch(rows.filter(InBlocks(key, blocks))[: limit - len(found)]))
            if len(found) >= limit:
                break
            span = next_span(span, len(found) - before, high - oldest * BLOCK, limit - len(found))
            high = oldest * BLOCK
    return found


def next_span(span: int, found: int, read: int, wanted: int) -> int:
    """How many ids the next round reads: enough for ``wanted`` more matches at the density
    the last round found (``found`` among ``read`` ids), or four times ``span`` if it found none.

    Matches thin out or thicken over the years (a topic comes and goes), so the rounds' own
    density is a better guide than the estimate they started from; never less than a block.
    """
    if found <= 0:
        return span * 4
    return max(BLOCK, math.ceil(_NEXT_READ * wanted * read / found))
