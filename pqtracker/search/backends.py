"""The two search engines behind one interface, chosen by the database in use.

Both index the same fields (heading, question text, current answer text, then the names of the
Member who asked and the minister who answered), weight them in that order, take the same
ParsedQuery and return the same shapes. Index writes are raw SQL: one
INSERT ... SELECT per batch, so a rebuild of a million rows is a few statements per batch.
"""

from __future__ import annotations

import operator
import re
from collections.abc import Sequence
from functools import reduce
from typing import Any, Protocol

from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.search import (
    SearchQuery,
    SearchQueryCombinable,
    SearchRank,
    SearchVectorExact,
)
from django.db import connection
from django.db.models import (
    F,
    FloatField,
    Func,
    IntegerField,
    QuerySet,
    Value,
)
from django.db.models.expressions import RawSQL
from django.db.models.sql import Query
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from pqtracker.parliament.models import WrittenQuestion
from pqtracker.search.models import FTS_TABLE, SearchDocument
from pqtracker.search.pg_planning import JOINED_PLANNER, newest_rows, word_lexemes
from pqtracker.search.query import ParsedQuery, phrases, to_fts5

# Private-use characters mark matches inside engine output (see search/sentinels.py). The
# importers keep them out of the stored text, and the engines' own text (SQLite's FTS content,
# PostgreSQL's headline input) drops them too, so text stored before that or written another way
# (the admin) cannot fake a highlight: every pair here is one the engine put in.
from pqtracker.search.sentinels import GT, LT, SENTINELS, START, STOP

_MARKED = re.compile(f"{START}(.*?){STOP}", re.DOTALL)
SNIPPET_WORDS = 32
# ts_headline's options: the sentinels mark matches; up to two passages of about 32 words.
_HEADLINE_OPTIONS = (
    f"StartSel={START}, StopSel={STOP}, MaxWords={SNIPPET_WORDS}, "
    f'MinWords={SNIPPET_WORDS // 2}, MaxFragments=2, FragmentDelimiter=" … "'
)


def marked_html(text: str) -> SafeString:
    """Escape engine output, then turn balanced sentinel pairs into <mark> (strays are dropped)."""
    text = text.replace(LT, "<").replace(GT, ">")
    html = _MARKED.sub(lambda m: f"<mark>{m.group(1)}</mark>", escape(text))
    return mark_safe(html.replace(START, "").replace(STOP, ""))  # noqa: S308 - escaped above


class Snippet:
    """The best passage of a result, with where it came from ("Question" or "Answer")."""

    def __init__(self, source: str, text: str) -> None:
        self.source = source
        self.html = marked_html(text)
        self.match_count = text.count(START)

    def __str__(self) -> str:
        return self.html


def _best(question: str | None, answer: str | None) -> Snippet:
    first = Snippet("Question", question or "")
    if answer:
        second = Snippet("Answer", answer)
        if second.match_count > first.match_count:
            return second
    return first


class Backend(Protocol):
    vendor: str
    newest_first: str  # an ordering the engine can stream matches in, newest record first

    def index(self, question_ids: Sequence[int]) -> None: ...
    def index_range(self, first_id: int, last_id: int) -> None: ...
    def clear(self) -> None: ...
    def match(
        self, queryset: QuerySet[WrittenQuestion], query: ParsedQuery
    ) -> QuerySet[WrittenQuestion]: ...
    def snippets(self, question_ids: Sequence[int], query: ParsedQuery) -> dict[int, Snippet]: ...
    def holding(
        self, question_ids: Sequence[int], queries: Sequence[ParsedQuery]
    ) -> list[set[int]]: ...
    def newest(
        self, rows: QuerySet[Any], query: ParsedQuery, limit: int, *, filtered: bool = True
    ) -> list[Any]: ...
    # Ids holding each word (heading or question), at most cap + 1 each; words held by none,
    # or known to be common without reading them, are left out.
    def postings(self, words: Sequence[str], cap: int) -> dict[str, list[int]]: ...


def _without_sentinels_sql(expression: str) -> str:
    """SQL for ``expression`` with the marker characters removed (constants, never input)."""
    for character in SENTINELS:
        expression = f"replace({expression}, '{character}', '')"
    return expression


def _headline_input_sql(column: str) -> str:
    """``column`` as ts_headline is given it: no marker characters, and angle brackets disguised
    as two more (ts_headline drops anything that looks like a tag; ``marked_html`` restores them).
    """
    return f"replace(replace({_without_sentinels_sql(column)}, '<', '{LT}'), '>', '{GT}')"


# The current answer's plain text, and the names of who asked and who answered (the current
# answer's minister, else the question's), joined in every index write. A question is indexed
# again whenever its answer or either Member changes (the write path), and when a Member's
# name does (search/receivers.py).
_SOURCE_SQL = """
    FROM parliament_writtenquestion q
    LEFT JOIN parliament_answer a ON a.question_id = q.id AND a.is_current
    LEFT JOIN parliament_member asker ON asker.id = q.asking_member_id
    LEFT JOIN parliament_member minister
        ON minister.id = coalesce(a.answering_member_id, q.answering_member_id)
"""


class AdjacentPairs(Func):
    """The adjacent-pair hashes every document matching this phrase holds (migration 0003).

    Immutable over a constant, so PostgreSQL computes it once while planning and estimates the
    pairs' selectivity from their statistics.
    """

    template = "search_adjacent_pairs(to_tsvector('english'::regconfig, %(expressions)s))"
    output_field = ArrayField(IntegerField())

    def __init__(self, phrase: str) -> None:
        super().__init__(Value(phrase))


class PostgresBackend:
    vendor = "postgresql"
    # The document's own key: PostgreSQL does not carry a range on the question's id across
    # the join, so windowing on it would rank every match.
    newest_first = "-search_document__question"
    _VECTOR = (
        "setweight(to_tsvector('english', coalesce(q.heading, '')), 'A') || "
        "setweight(to_tsvector('english', coalesce(q.question_text, '')), 'B') || "
        "setweight(to_tsvector('english', coalesce(a.answer_text, '')), 'C') || "
        "setweight(to_tsvector('english', "
        "coalesce(asker.name_display, '') || ' ' || coalesce(minister.name_display, '')), 'D')"
    )

    def _upsert(self, where: str, params: Sequence[Any]) -> None:
        with connection.cursor() as cursor:
            cursor.execute(
                # MATERIALIZED: each vector is computed once, for the document and its pairs.
                f"WITH d AS MATERIALIZED (SELECT q.id, {self._VECTOR} AS vector "  # noqa: S608
                f"{_SOURCE_SQL} WHERE {where}), "
                "p AS (INSERT INTO search_phrasepairs (question_id, pairs) "
                "SELECT id, search_adjacent_pairs(vector) FROM d "
                "ON CONFLICT (question_id) DO UPDATE SET pairs = EXCLUDED.pairs) "
                "INSERT INTO search_searchdocument (question_id, vector) "
                "SELECT id, vector FROM d "
                "ON CONFLICT (question_id) DO UPDATE SET vector = EXCLUDED.vector",
                params,
            )

    def index(self, question_ids: Sequence[int]) -> None:
        if question_ids:
            self._upsert("q.id = ANY(%s)", [list(question_ids)])

    def index_range(self, first_id: int, last_id: int) -> None:
        self._upsert("q.id BETWEEN %s AND %s", [first_id, last_id])

    def clear(self) -> None:
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM search_phrasepairs")
            cursor.execute("DELETE FROM search_searchdocument")

    def newest(
        self, rows: QuerySet[Any], query: ParsedQuery, limit: int, *, filtered: bool = True
    ) -> list[Any]:
        """The first ``limit`` of ``rows`` (id, rank, tabled date; ordered by ``newest_first``),
        planned by us.

        ``filtered`` says whether anything but the words restricts the questions. When nothing
        does (and no phrase needs its pairs), the newest matches are found among the documents
        alone, and only those are joined to their questions and ranked: joined in the same
        statement, every match in the blocks read (often half as many again) was joined and
        ranked before the cut.
        """
        if filtered or phrases(query):
            return newest_rows(rows, query, limit, key=self.newest_first.lstrip("-"))
        words = self._query(query)
        tsquery, tsquery_params = self._tsquery_sql(words)

        def ranked(found: QuerySet[Any]) -> list[Any]:
            sql, params = found.query.get_compiler(connection=connection).as_sql()
            with connection.cursor() as cursor:
                cursor.execute(
                    # ``tsquery`` is compiled from expressions; the values are parameters.
                    f"SELECT i.id, ts_rank(d.vector, {tsquery}), q.date_tabled "  # noqa: S608
                    f"FROM ({sql}) AS i (id) "
                    "JOIN search_searchdocument d ON d.question_id = i.id "
                    "JOIN parliament_writtenquestion q ON q.id = i.id ORDER BY i.id DESC",
                    [*tsquery_params, *params],
                )
                return cursor.fetchall()

        ids = (
            SearchDocument.objects.filter(vector=words)
            # An expression, so that no index gives this order: the planner must not walk the
            # documents newest first (see pg_planning), and the joins above may use indexes.
            .annotate(newest=F("question_id") + 0)
            .order_by("-newest")
            .values_list("question_id")
        )
        return newest_rows(
            ids, query, limit, key="question_id", fetch=ranked, planner=JOINED_PLANNER
        )

    @staticmethod
    def _query(query: ParsedQuery) -> SearchQueryCombinable:
        """The tsquery, built clause by clause with the grouping made explicit.

        Not ``websearch_to_tsquery``: it leaves ``a b OR c`` as ``a & b | c``, which tsquery
        reads as ``(a & b) | c``. Each term is a ``phraseto_tsquery`` (stop words inside a
        phrase keep their gap); every operand is a constant, so PostgreSQL still folds the
        whole query while planning and estimates it from its statistics.
        """
        combined: SearchQueryCombinable | None = None
        for clause in query.clauses:
            terms = [
                SearchQuery(term.text, search_type="phrase", config="english")
                for term in clause.alternatives
            ]
            part: SearchQueryCombinable
            if clause.excluded:  # none of them (``~`` negates a single SearchQuery only)
                part = reduce(operator.and_, [~term for term in terms])
            else:
                part = reduce(operator.or_, terms)
            combined = part if combined is None else combined & part
        assert combined is not None  # parse() never returns a query without clauses
        return combined

    def match(
        self, queryset: QuerySet[WrittenQuestion], query: ParsedQuery
    ) -> QuerySet[WrittenQuestion]:
        tsquery = self._query(query)
        matched = queryset.filter(search_document__vector=tsquery)
        for phrase in phrases(query):
            # A necessary condition the pairs' GIN index answers at once; the tsquery above
            # still decides (hash collisions only add candidates).
            matched = matched.filter(phrase_pairs__pairs__contains=AdjacentPairs(phrase))
        return matched.annotate(search_rank=SearchRank(F("search_document__vector"), tsquery))

    def holding(
        self, question_ids: Sequence[int], queries: Sequence[ParsedQuery]
    ) -> list[set[int]]:
        """For each query, which of these few questions match it: their own vectors, each read
        once by key and tested against every query."""
        held: list[set[int]] = [set() for _ in queries]
        if not question_ids or not queries:
            return held
        tests = {
            f"held_{n}": SearchVectorExact(F("vector"), self._query(query))
            for n, query in enumerate(queries)
        }
        rows = (
            SearchDocument.objects.filter(question_id__in=list(question_ids))
            .annotate(**tests)
            .values_list("question_id", *tests)
        )
        for question_id, *matches in rows:
            for found, match in zip(held, matches, strict=True):
                if match:
                    found.add(question_id)
        return held

    def postings(self, words: Sequence[str], cap: int) -> dict[str, list[int]]:
        """The documents holding each of ``words`` in the heading or question text, at most
        ``cap`` + 1 of them (more than ``cap``: a common word), one word per lexeme, in one
        statement. Words the statistics call common are left out unread: GIN would build the
        bitmap of every match first."""
        found, docs = word_lexemes(list(words))
        chosen: dict[str, str] = {}
        for word, (lexeme, share) in found.items():
            if share * docs <= cap and lexeme not in chosen.values():
                chosen[word] = lexeme
        if not chosen:
            return {}
        parts: list[str] = []
        params: list[Any] = []
        for n, lexeme in enumerate(chosen.values()):
            parts.append(
                f"(SELECT {n}, question_id FROM search_searchdocument "  # noqa: S608 - constants
                "WHERE vector @@ %s::tsquery LIMIT %s)"
            )
            # A quoted lexeme weighted A or B (heading, question): a constant tsquery.
            params += ["'" + lexeme.replace("'", "''") + "':AB", cap + 1]
        lists: list[list[int]] = [[] for _ in chosen]
        with connection.cursor() as cursor:
            cursor.execute(" UNION ALL ".join(parts), params)
            for n, pk in cursor.fetchall():
                lists[n].append(pk)
        return {word: ids for word, ids in zip(chosen, lists, strict=True) if ids}

    @staticmethod
    def _tsquery_sql(tsquery: SearchQueryCombinable) -> tuple[str, list[Any]]:
        """The SQL (and parameters) of a ``_query`` tsquery, for statements written by hand."""
        sql_query = Query(SearchDocument)
        compiler = sql_query.get_compiler(connection=connection)
        # Every SearchQueryCombinable is an expression; the stubs type the mixin alone.
        expression: Any = tsquery
        sql, params = compiler.compile(expression.resolve_expression(sql_query))
        return sql, list(params)

    def snippets(self, question_ids: Sequence[int], query: ParsedQuery) -> dict[int, Snippet]:
        # Written by hand: built from expressions (a headline over six nested replaces, and the
        # answer as a subquery), the statement took longer to compile than to run.
        tsquery, params = self._tsquery_sql(self._query(query))
        with connection.cursor() as cursor:
            cursor.execute(
                # Every fragment is a constant of this module; the values are parameters.
                f"SELECT q.id, ts_headline('english', {_headline_input_sql('q.question_text')}, "  # noqa: S608
                f"t.query, %s), ts_headline('english', {_headline_input_sql('a.answer_text')}, "
                f"t.query, %s) FROM (SELECT {tsquery} AS query) AS t "
                "CROSS JOIN parliament_writtenquestion q LEFT JOIN parliament_answer a "
                "ON a.question_id = q.id AND a.is_current WHERE q.id = ANY(%s)",
                [_HEADLINE_OPTIONS, _HEADLINE_OPTIONS, *params, list(question_ids)],
            )
            return {pk: _best(q, a) for pk, q, a in cursor.fetchall()}


# FTS5 keeps its own copy of the text, which its snippets come from.
_FTS_COLUMNS_SQL = ", ".join(
    _without_sentinels_sql(f"coalesce({column}, '')")
    for column in (
        "q.heading",
        "q.question_text",
        "a.answer_text",
        "asker.name_display",
        "minister.name_display",
    )
)


class SqliteBackend:
    vendor = "sqlite"
    # FTS5 walks its index in rowid (question id) order, either way, without sorting.
    newest_first = "-fts_entry__question"
    # bm25 column weights: heading, question, answer, asker, minister (the same order of
    # importance as PostgreSQL's A, B, C, D).
    RANK_SQL = f"bm25({FTS_TABLE}, 10.0, 4.0, 1.0, 0.5, 0.5)"

    def _replace(self, where: str, params: Sequence[Any]) -> None:
        with connection.cursor() as cursor:
            cursor.execute(
                f"DELETE FROM {FTS_TABLE} WHERE rowid IN "  # noqa: S608 - constants and placeholders
                f"(SELECT q.id FROM parliament_writtenquestion q WHERE {where})",
                params,
            )
            cursor.execute(
                f"INSERT INTO {FTS_TABLE} "  # noqa: S608
                "(rowid, heading, question, answer, asked_by, answered_by) "
                f"SELECT q.id, {_FTS_COLUMNS_SQL} {_SOURCE_SQL} WHERE {where}",
                params,
            )

    def index(self, question_ids: Sequence[int]) -> None:
        ids = list(question_ids)
        # SQLite caps bound parameters per statement; stay far below it.
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            self._replace(f"q.id IN ({', '.join(['%s'] * len(chunk))})", chunk)

    def index_range(self, first_id: int, last_id: int) -> None:
        self._replace("q.id BETWEEN %s AND %s", [first_id, last_id])

    def clear(self) -> None:
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {FTS_TABLE}")  # noqa: S608

    def match(
        self, queryset: QuerySet[WrittenQuestion], query: ParsedQuery
    ) -> QuerySet[WrittenQuestion]:
        # bm25 is lower for better matches; negate it so "higher is better" on both engines.
        return queryset.filter(fts_entry__document__match=to_fts5(query)).annotate(
            search_rank=RawSQL(f"-{self.RANK_SQL}", [], output_field=FloatField())  # noqa: S611
        )

    def newest(
        self, rows: QuerySet[Any], query: ParsedQuery, limit: int, *, filtered: bool = True
    ) -> list[Any]:
        # FTS5 walks its own index in rowid order and stops at the limit: no plan to choose.
        return list(rows[:limit])

    @staticmethod
    def _among(columns: str, question_ids: Sequence[int], query: ParsedQuery) -> list[Any]:
        """``columns`` of the FTS rows of these questions that match ``query``.

        FTS5 seeks each rowid in the terms' lists; joined to the questions instead, it would
        read every match of a common word first.
        """
        ids, rows = list(question_ids), []
        with connection.cursor() as cursor:
            # SQLite caps bound parameters per statement; stay far below it.
            for start in range(0, len(ids), 500):
                chunk = ids[start : start + 500]
                cursor.execute(
                    f"SELECT {columns} FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s "  # noqa: S608
                    f"AND rowid IN ({', '.join(['%s'] * len(chunk))})",
                    [to_fts5(query), *chunk],
                )
                rows.extend(cursor.fetchall())
        return rows

    def holding(
        self, question_ids: Sequence[int], queries: Sequence[ParsedQuery]
    ) -> list[set[int]]:
        """For each query, which of these few questions match it."""
        return [{row[0] for row in self._among("rowid", question_ids, q)} for q in queries]

    def postings(self, words: Sequence[str], cap: int) -> dict[str, list[int]]:
        """The documents holding each of ``words`` in the heading or question text, at most
        ``cap`` + 1 of them (more than ``cap``: a common word), newest first, in one statement:
        FTS5 stops reading a word's list at the limit."""
        if not words:
            return {}
        parts: list[str] = []
        params: list[Any] = []
        for n, word in enumerate(words):
            parts.append(
                f"SELECT {n}, rowid FROM (SELECT rowid FROM {FTS_TABLE} "  # noqa: S608 - constants
                f"WHERE {FTS_TABLE} MATCH %s ORDER BY rowid DESC LIMIT %s)"
            )
            params += ['{heading question} : "' + word.replace('"', '""') + '"', cap + 1]
        lists: list[list[int]] = [[] for _ in words]
        with connection.cursor() as cursor:
            cursor.execute(" UNION ALL ".join(parts), params)
            for n, pk in cursor.fetchall():
                lists[n].append(pk)
        return {word: ids for word, ids in zip(words, lists, strict=True) if ids}

    def snippets(self, question_ids: Sequence[int], query: ParsedQuery) -> dict[int, Snippet]:
        def snippet(column: int) -> str:
            return f"snippet({FTS_TABLE}, {column}, '{START}', '{STOP}', '…', {SNIPPET_WORDS})"

        columns = f"rowid, {snippet(1)}, CASE WHEN answer = '' THEN NULL ELSE {snippet(2)} END"
        return {pk: _best(q, a) for pk, q, a in self._among(columns, question_ids, query)}


def get_backend() -> Backend:
    if connection.vendor == "postgresql":
        return PostgresBackend()
    if connection.vendor == "sqlite":
        return SqliteBackend()
    raise NotImplementedError(f"Search supports PostgreSQL and SQLite, not {connection.vendor}.")
