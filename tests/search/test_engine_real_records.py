"""Full-text search's relevance on the real records from ../shared (loaded once for the module:
see ``real_records``), on SQLite FTS5 and (with DATABASE_URL) PostgreSQL."""

from __future__ import annotations

import re

import pytest

from pqtracker.parliament.models import WrittenQuestion
from pqtracker.search.query import parse
from pqtracker.search.services import Criteria, search_questions, snippets_for


def found(text: str, **filters) -> list[str]:
    return [q.uin for q in search_questions(Criteria(query=parse(text), **filters))]


@pytest.mark.shared
def test_search_ehcp_query_returns_send_questions_first(real_records):
    top = search_questions(Criteria(query=parse("education health and care plans")))[:5]
    assert len(top) == 5
    for question in top:
        text = f"{question.heading} {question.question_text}".lower()
        assert re.search(
            r"education, health,? and care plan|special educational needs|\bsend\b", text
        )


@pytest.mark.shared
def test_search_place_name_finds_only_that_council(real_records):
    results = list(search_questions(Criteria(query=parse("Hertfordshire"))))
    assert [q.parliament_id for q in results] == [1676389]


@pytest.mark.shared
def test_search_phrase_matches_only_exact_phrase(real_records):
    phrase = {q.parliament_id for q in search_questions(Criteria(query=parse('"safety valve"')))}
    words = {q.parliament_id for q in search_questions(Criteria(query=parse("safety valve")))}
    assert {1741640, 1859211, 1725679} <= phrase
    for question in WrittenQuestion.objects.filter(parliament_id__in=phrase):
        answer = question.current_answer.answer_text if question.current_answer else ""
        full = f"{question.heading} {question.question_text} {answer}"
        assert "safety valve" in full.lower().replace("“", "").replace("”", "")
    assert phrase <= words


@pytest.mark.shared
def test_search_minus_excludes_and_or_widens(real_records):
    send = set(found("SEND"))
    without_transport = set(found("SEND -transport"))
    assert without_transport and without_transport < send
    for question in WrittenQuestion.objects.filter(uin__in=without_transport):
        answer = question.current_answer.answer_text if question.current_answer else ""
        assert "transport" not in f"{question.heading} {question.question_text} {answer}".lower()
    tutoring, apprentices = set(found("Hertfordshire")), set(found("apprenticeships"))
    either = set(found("Hertfordshire OR apprenticeships"))
    assert either == tutoring | apprentices and len(either) > max(len(tutoring), len(apprentices))


@pytest.mark.shared
def test_search_snippet_highlights_matches_from_answer(real_records):
    query = parse("Nuffield")
    results = list(search_questions(Criteria(query=query))[:3])
    snippets = snippets_for(results, query)
    assert results and all("<mark>Nuffield</mark>" in str(snippets[q.pk].html) for q in results)


@pytest.mark.shared
def test_search_abbreviation_finds_the_spelled_out_forms_too(real_records):
    # The records say "EHCP" a few times and "EHC plan" or "education, health and care plan"
    # far more often; a PQ team typing EHCP wants them all.
    def ids(text: str) -> set[int]:
        return {q.pk for q in search_questions(Criteria(query=parse(text)))}

    as_typed, every_form = ids('"EHCP"'), ids("EHCP")
    assert as_typed and as_typed < every_form
    assert len(every_form) >= 3 * len(as_typed)
    forms = re.compile(r"\behcps?\b|\behc\W+plans?\b|education, health,? and care plans?")
    for question in WrittenQuestion.objects.filter(pk__in=every_form):
        answer = question.current_answer.answer_text if question.current_answer else ""
        text = f"{question.heading} {question.question_text} {answer}".lower()
        assert forms.search(text), question.parliament_id
