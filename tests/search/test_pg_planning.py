"""PostgreSQL only: the plan choice for the newest-first pass, and that it leaves no setting
behind."""

from __future__ import annotations

import pytest
from django.db import connection

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


@pytest.mark.django_db
def test_planned_restores_planner_settings():
    add_question("1", "Funding for schools.")
    with pg_planning.planned(parse("funding"), window=2000):
        changed = {_setting("enable_bitmapscan"), _setting("enable_indexscan")}
    assert "off" in changed
    assert _setting("enable_bitmapscan") == "on" and _setting("enable_indexscan") == "on"
