"""PostgreSQL only: phrases found through the index of adjacent lexeme pairs (search 0003)."""

from __future__ import annotations

import pytest
from django.db import connection

from pqtracker.search.query import parse
from pqtracker.search.services import Criteria, search_questions
from tests.search.conftest import add_question

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]


def _pairs_of(text: str) -> set[int]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT search_adjacent_pairs(to_tsvector('english', %s))", [text])
        return set(cursor.fetchone()[0])


def _stored_pairs(question_id: int) -> set[int]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT p.pairs, search_adjacent_pairs(d.vector) FROM search_phrasepairs p "
            "JOIN search_searchdocument d USING (question_id) WHERE question_id = %s",
            [question_id],
        )
        stored, recomputed = cursor.fetchone()
    assert set(stored) == set(recomputed)  # written from the same vector
    return set(stored)


def _uins(text: str) -> set[str]:
    return {q.uin for q in search_questions(Criteria(query=parse(text)))}


def test_pairs_are_adjacent_lexemes_only():
    # "special educ", "educ need"; stop words leave a gap, so "secretary of state" has none.
    assert len(_pairs_of("special educational needs")) == 2
    assert _pairs_of("special educational needs") == _pairs_of("Special Education Need")
    assert _pairs_of("secretary of state") == set()
    assert _pairs_of("needs educational") != _pairs_of("educational needs")


def test_write_path_stores_the_pairs_and_keeps_them_in_step_with_the_answer():
    question = add_question("1", "Support for pupils.", answer="Local authorities fund it.")
    assert _pairs_of("local authorities") <= _stored_pairs(question.pk)
    assert _uins('"local authorities"') == {"1"}
    add_question(
        "1", "Support for pupils.", answer="Councils fund it.", parliament_id=question.parliament_id
    )
    assert not _pairs_of("local authorities") & _stored_pairs(question.pk)
    assert _uins('"local authorities"') == set()


def test_phrase_search_uses_the_pairs_and_still_needs_the_exact_phrase():
    add_question("1", "Free school meals for pupils in the county.")
    add_question("2", "Meals, free at school, for pupils.")  # the words, not the phrase
    add_question("3", "School meals free of charge.")
    add_question("4", "Secretary of State for Education and free school meals.")
    assert _uins('"free school meals"') == {"1", "4"}
    assert _uins('"school meals" -county') == {"3", "4"}
    assert _uins('"meals free" OR "nothing like this"') == {"2", "3"}
    # Stop words inside a phrase: no pair to look up, the tsquery alone decides.
    assert _uins('"secretary of state"') == {"4"}
    sql = str(search_questions(Criteria(query=parse('"free school meals" pupils'))).query)
    assert "search_adjacent_pairs" in sql


def test_the_planner_reads_the_pairs_index_for_a_phrase():
    for n in range(300):
        add_question(str(n), f"Funding for schools and pupils in county {n}.")
    add_question("9999", "Funding for pupil schools.")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE search_searchdocument")
        cursor.execute("ANALYZE search_phrasepairs")
        # A table this small would be walked by key; at scale the pairs' index is the way in.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
    found = search_questions(Criteria(query=parse('"pupil schools"')))
    plan = found.explain()
    assert "search_phrasepairs_pairs" in plan
    assert [q.uin for q in found] == ["9999"]


@pytest.mark.django_db(transaction=True)
def test_migration_builds_the_pairs_of_documents_already_indexed():
    from django.db.migrations.executor import MigrationExecutor

    from tests.factories import WrittenQuestionFactory

    executor = MigrationExecutor(connection)
    executor.migrate([("search", "0002_near_duplicate")])
    try:
        # A database indexed before 0003: documents, no pairs table.
        question = WrittenQuestionFactory(question_text="Funding for free school meals.")
        with connection.cursor() as cursor:
            cursor.execute(
                "INSERT INTO search_searchdocument (question_id, vector) "
                "SELECT id, to_tsvector('english', question_text) "
                "FROM parliament_writtenquestion WHERE id = %s",
                [question.pk],
            )
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())
    assert _pairs_of("free school meals") <= _stored_pairs(question.pk)
    assert _uins('"free school meals"') == {question.uin}


def test_rebuild_restores_the_pairs_and_deleting_a_question_removes_them():
    from django.core.management import call_command

    from pqtracker.search.backends import get_backend

    kept = add_question("1", "Free school meals in the county.")
    gone = add_question("2", "Free school meals in the city.")
    get_backend().clear()
    assert _uins('"free school meals"') == set()
    call_command("rebuild_search_index", "--batch-size", "1")
    assert _pairs_of("free school meals") <= _stored_pairs(kept.pk)
    assert _uins('"free school meals"') == {"1", "2"}
    gone.delete()
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # run the deferred cascade now
        cursor.execute("SELECT question_id FROM search_phrasepairs")
        assert [row[0] for row in cursor.fetchall()] == [kept.pk]
