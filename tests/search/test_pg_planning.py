"""PostgreSQL only: the plan choice for the newest-first pass, and that it leaves no setting
behind."""

from __future__ import annotations

import datetime
import math

import pytest
from django.db import connection, transaction

from pqtracker.parliament.models import WrittenQuestion
from pqtracker.search import pg_planning
from pqtracker.search.query import parse
from tests.search.conftest import add_question

pytestmark = pytest.mark.postgres


@pytest.fixture(autouse=True)
def _fresh_statistics():
    pg_planning._cache.clear()
    yield
    pg_planning._cache.clear()


def _setting(name: str) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"SHOW {name}")
        return cursor.fetchone()[0]


@pytest.mark.django_db
def test_match_share_phrase_and_and_are_rarer_than_one_word():
    for n in range(30):
        add_question(
            str(n), f"Funding for schools in county {n}." + (" Breakfast clubs." if n % 3 else "")
        )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE search_searchdocument")
    word, _ = pg_planning.match_share(parse("funding"))
    both, _ = pg_planning.match_share(parse("funding breakfast"))
    phrase, _ = pg_planning.match_share(parse('"breakfast clubs"'))
    either, _ = pg_planning.match_share(parse("breakfast OR nonexistentword"))
    without, _ = pg_planning.match_share(parse("funding -breakfast"))
    # A bare "-the" is dropped by the parser; an excluded phrase keeps its stop words.
    stop_word_only, _ = pg_planning.match_share(parse('funding -"of the"'))
    assert word > 0.9
    assert both < word and phrase < both
    assert either >= both
    # Two in three hold "breakfast": excluding it leaves about a third (never below a tenth).
    assert 0.1 * word <= without < 0.5 * word
    assert stop_word_only == word


def _newest_ids(text: str, limit: int, fetch=list) -> list[int]:
    from pqtracker.search.backends import get_backend
    from pqtracker.search.services import Criteria, _filtered

    query = parse(text)
    backend = get_backend()
    rows = (
        backend.match(_filtered(Criteria(query=query)), query)
        .order_by(backend.newest_first)
        .values_list("search_document__question", flat=True)
    )
    return pg_planning.newest_rows(rows, query, limit, key="search_document__question", fetch=fetch)


def _with_breakfast_newest_first() -> list[int]:
    return sorted(
        WrittenQuestion.objects.filter(question_text__contains="Breakfast").values_list(
            "pk", flat=True
        ),
        reverse=True,
    )


@pytest.mark.django_db
@pytest.mark.parametrize("block", [pg_planning.BLOCK, 3])
@pytest.mark.parametrize("share", [0.9, 0.02])
def test_newest_rows_finds_the_newest_matches_block_by_block(monkeypatch, block, share):
    for n in range(60):
        add_question(str(n), f"Funding for county {n}." + (" Breakfast clubs." if n % 4 else ""))
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE search_searchdocument")
    work_mem, parallel = _setting("work_mem"), _setting("max_parallel_workers_per_gather")
    newest_first = _with_breakfast_newest_first()
    # Blocks of three ids make one search read several rounds of blocks, each wider than the
    # last (the index's own expression is not used then: these rows are few); a high share
    # makes the first round a single block.
    monkeypatch.setattr(pg_planning, "BLOCK", block)
    monkeypatch.setattr(pg_planning, "_SLICE_ABOVE", 0)
    monkeypatch.setattr(pg_planning, "match_share", lambda query: (share, 60))

    assert _newest_ids('"breakfast clubs"', 10) == newest_first[:10]
    assert _newest_ids("breakfast", 100) == newest_first
    assert _newest_ids("breakfast", 1) == newest_first[:1]
    assert _newest_ids("nonexistentword", 10) == []
    assert _setting("enable_bitmapscan") == "on" and _setting("enable_indexscan") == "on"
    assert _setting("work_mem") == work_mem
    assert _setting("max_parallel_workers_per_gather") == parallel


def test_next_span_follows_the_density_found(monkeypatch):
    monkeypatch.setattr(pg_planning, "BLOCK", 3)
    # 10 matches among 1,000 ids, 20 more wanted: 2,000 ids, with the margin.
    assert pg_planning.next_span(100, 10, 1000, 20) == math.ceil(pg_planning._NEXT_READ * 2000)
    assert pg_planning.next_span(100, 0, 1000, 20) == 400  # none found: four times as many
    assert pg_planning.next_span(100, 1000, 1000, 1) == 3  # never less than a block


@pytest.mark.django_db
def test_a_wrong_estimate_costs_one_more_round_not_several(monkeypatch):
    """An estimate far too high reads one block first; the second round is sized from what that
    block held, so the search ends there instead of growing four times a round (2, 8, 32, 128
    ids: four rounds)."""
    for n in range(60):
        add_question(str(n), f"Funding for county {n}." + (" Breakfast clubs." if n % 4 else ""))
    monkeypatch.setattr(pg_planning, "BLOCK", 3)
    monkeypatch.setattr(pg_planning, "_SLICE_ABOVE", 0)
    monkeypatch.setattr(pg_planning, "match_share", lambda query: (30.0, 60))
    rounds: list[int] = []

    def fetch(rows):
        found = list(rows)
        rounds.append(len(found))
        return found

    assert _newest_ids("breakfast", 30, fetch=fetch) == _with_breakfast_newest_first()[:30]
    assert len(rounds) == 2, rounds


@pytest.mark.django_db
@pytest.mark.parametrize("share", [0.9, 0.02])
def test_newest_without_filters_finds_the_same_rows_from_the_documents_alone(monkeypatch, share):
    """Without filters the newest matches come from the documents alone, then are joined and
    ranked: the same ids, ranks and dates as the joined statement gives, round after round."""
    from pqtracker.search.backends import get_backend
    from pqtracker.search.services import Criteria, _filtered

    for n in range(60):
        add_question(
            str(n),
            f"Funding for county {n}." + (" Breakfast clubs." if n % 4 else ""),
            heading="Breakfast" if n % 5 == 0 else "",
            tabled=datetime.date(2024, 1, 1) + datetime.timedelta(days=n % 7),
        )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE search_searchdocument")
    monkeypatch.setattr(pg_planning, "BLOCK", 3)
    monkeypatch.setattr(pg_planning, "_SLICE_ABOVE", 0)
    monkeypatch.setattr(pg_planning, "match_share", lambda query: (share, 60))
    backend = get_backend()
    for text, limit in (("breakfast", 100), ("breakfast", 7), ("funding -breakfast", 5)):
        query = parse(text)
        rows = (
            backend.match(_filtered(Criteria(query=query)), query)
            .order_by(backend.newest_first)
            .values_list("search_document__question", "search_rank", "date_tabled")
        )
        joined = backend.newest(rows, query, limit, filtered=True)
        alone = backend.newest(rows, query, limit, filtered=False)
        assert [tuple(row) for row in alone] == [tuple(row) for row in joined], text
        if text == "breakfast":  # in headings too: ranks differ, so the rank is compared
            assert len({row[1] for row in joined}) > 1
    assert _setting("enable_indexscan") == "on"


@pytest.mark.django_db
def test_the_block_is_an_index_condition_not_a_filter():
    """The whole point of blocks: GIN reads only the named blocks' matches. InBlocks must write
    the index's own expression (type and all), or PostgreSQL reads every match of the words and
    filters on the block afterwards, slower than no blocks at all.

    On the search page's joined query at this size PostgreSQL's costs for the two plans are a
    toss-up; at a million documents it takes the index condition (docs/performance.md).
    """
    from django.contrib.postgres.search import SearchQuery

    from pqtracker.search.models import SearchDocument

    with connection.cursor() as cursor:
        # Documents alone, for ids over seven blocks (their questions' deferred key is checked
        # at the test's end, by when they are gone).
        cursor.execute(
            "INSERT INTO search_searchdocument (question_id, vector) SELECT g, to_tsvector("
            "'english', CASE WHEN g % 10 = 0 THEN 'funding' ELSE 'roads' END || ' county ' || g) "
            "FROM generate_series(1, 50000) AS g"
        )
        cursor.execute("ANALYZE search_searchdocument")
        cursor.execute("SET LOCAL enable_seqscan = off")  # a table this small is read whole
        cursor.execute("SET LOCAL enable_indexscan = off")
    try:
        rows = SearchDocument.objects.filter(
            vector=SearchQuery("funding", config="english"),
        ).filter(pg_planning.InBlocks("question", [5]))
        plan = rows.explain()
        scan = plan[plan.index("Bitmap Index Scan on search_document_vector_block") :]
        index_condition = scan.splitlines()[1]
        assert "'fund'" in index_condition and "/ 8192) = ANY" in index_condition, plan
        assert sorted(rows.values_list("question_id", flat=True)) == list(
            range(5 * 8192, 6 * 8192, 10)
        )
        assert SearchDocument.objects.filter(pg_planning.InBlocks("question", [0])).count() == (
            8191
        )
    finally:
        SearchDocument.objects.all().delete()


@pytest.mark.django_db
def test_vectors_stay_in_their_rows_not_in_the_toast_table():
    """Ranking reads every candidate's whole vector: one out of line costs a TOAST lookup more
    (migration 0005 stores them with STORAGE MAIN)."""
    import random

    rng = random.Random(5)
    # Made-up words compress badly: this vector is far over the 2 KB at which PostgreSQL
    # would otherwise move it to the TOAST table.
    words = [
        "".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(9)) for _ in range(400)
    ]
    question = add_question("1", "Funding for schools.", answer=" ".join(words))
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_column_size(vector) FROM search_searchdocument WHERE question_id = %s",
            [question.pk],
        )
        assert cursor.fetchone()[0] > 2048
        cursor.execute(
            "SELECT reltoastrelid::regclass::text FROM pg_class "
            "WHERE relname = 'search_searchdocument'"
        )
        toast = cursor.fetchone()[0]
        # A name PostgreSQL gave the table, not input.
        cursor.execute(f"SELECT count(*) FROM {toast}")  # noqa: S608
        assert cursor.fetchone()[0] == 0


@pytest.mark.django_db(transaction=True)
def test_settings_last_only_for_their_statements_outside_a_transaction_too():
    before = _setting("work_mem"), _setting("enable_indexscan")
    assert not connection.in_atomic_block
    with pg_planning._settings(work_mem="64MB", enable_indexscan="off"):
        assert (_setting("work_mem"), _setting("enable_indexscan")) == ("64MB", "off")
    assert (_setting("work_mem"), _setting("enable_indexscan")) == before
    with transaction.atomic():  # inside a caller's transaction: given back before it ends
        with pg_planning._settings(work_mem="64MB"):
            assert _setting("work_mem") == "64MB"
        assert _setting("work_mem") == before[0]
