"""PostgreSQL only: the plan choice for the newest-first pass, and that it leaves no setting
behind."""

from __future__ import annotations

import pytest
from django.db import connection

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
    assert word > 0.9
    assert both < word and phrase < both
    assert either >= both


def _newest_ids(text: str, limit: int) -> list[int]:
    from pqtracker.search.backends import get_backend
    from pqtracker.search.services import Criteria, _filtered

    query = parse(text)
    backend = get_backend()
    rows = (
        backend.match(_filtered(Criteria(query=query)), query)
        .order_by(backend.newest_first)
        .values_list("search_document__question", flat=True)
    )
    return pg_planning.newest_rows(rows, query, limit, key="search_document__question")


@pytest.mark.django_db
@pytest.mark.parametrize("walk", [True, False])
def test_newest_rows_walk_and_slices_find_the_newest_matches(monkeypatch, walk):
    for n in range(60):
        add_question(str(n), f"Funding for county {n}." + (" Breakfast clubs." if n % 4 else ""))
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE search_searchdocument")
    work_mem = _setting("work_mem")
    newest_first = sorted(
        WrittenQuestion.objects.filter(question_text__contains="Breakfast").values_list(
            "pk", flat=True
        ),
        reverse=True,
    )
    # Force each plan; slices of a few ids make the search widen its slice several times.
    monkeypatch.setattr(pg_planning, "walks", lambda share, window, docs: walk)
    monkeypatch.setattr(pg_planning, "_MIN_SPAN", 3)
    monkeypatch.setattr(pg_planning, "_SLICE_ABOVE", 0)
    monkeypatch.setattr(pg_planning, "match_share", lambda query: (0.9, 60))

    assert _newest_ids('"breakfast clubs"', 10) == newest_first[:10]
    assert _newest_ids("breakfast", 100) == newest_first
    assert _newest_ids("nonexistentword", 10) == []
    assert _setting("enable_bitmapscan") == "on" and _setting("enable_indexscan") == "on"
    assert _setting("work_mem") == work_mem
