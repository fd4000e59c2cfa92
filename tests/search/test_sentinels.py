"""Search marks its matches with four private-use characters; a question that contains them
itself must not show them as highlights, so no importer lets them into the indexed text."""

from __future__ import annotations

import pytest

from pqtracker.imports.html import html_to_text
from pqtracker.imports.pages import read_question_page
from pqtracker.imports.parsing import question_record_from_api
from pqtracker.parliament.services import upsert_question
from pqtracker.search.index import index_questions
from pqtracker.search.query import parse
from pqtracker.search.sentinels import GT, LT, SENTINELS, START, STOP, strip_sentinels
from pqtracker.search.services import snippets_for
from tests.factories import answered_question

# A question as a hostile or broken source might send it: every marker character, paired so that
# each pair would become a highlight (or brackets) if it reached the snippet.
TEXT = f"To ask about {START}teachers{STOP} and {LT}b{GT}pupils{START} in schools{STOP}."


def api_value(**overrides: object) -> dict:
    value = {
        "id": 9_100_001,
        "uin": "5555",
        "house": "Commons",
        "dateTabled": "2024-11-13T00:00:00",
        "questionText": TEXT,
        "heading": f"{START}Schools{STOP}: Teachers",
        "askingMemberId": 4070,
        "answeringBodyId": 60,
        "answeringBodyName": "Department for Education",
        "dateAnswered": "2024-11-18T00:00:00",
        "answeringMemberId": 4125,
        "answerText": f"<p>{START}Teachers{STOP} are &#xe000;valued&#xe001; &#xE002;i&#xE003;.</p>",
    }
    value.update(overrides)
    return value


def test_html_to_text_drops_the_characters_even_as_character_references() -> None:
    text = html_to_text(f"<p>{START}a{STOP} &#xe000;b&#57345; &#xE002;c&#xE003;</p>")
    assert text == "a b c"


def test_api_records_never_carry_the_characters() -> None:
    record = question_record_from_api(api_value(), full_text=True)
    assert record.question_text == "To ask about teachers and bpupils in schools."
    assert record.heading == "Schools: Teachers"
    assert record.answer is not None
    assert record.answer.answer_text == "Teachers are valued i."


def test_pages_never_carry_the_characters() -> None:
    html = f"""<html><body><h1>{START}Schools{STOP}: Teachers</h1>
    <p>Asked by: Jane Doe</p><p>Question to the Department for Education:</p>
    <p>{TEXT}</p><p>UIN 5555, tabled on 13 November 2024</p></body></html>"""
    record = read_question_page(html)
    assert record.heading == "Schools: Teachers"
    assert record.question_text == "To ask about teachers and bpupils in schools."


@pytest.mark.django_db
def test_snippet_highlights_only_what_the_engine_matched() -> None:
    record = question_record_from_api(api_value(answerText=None), full_text=True)
    question = upsert_question(record=record).question
    snippet = str(snippets_for([question], parse("teachers"))[question.pk].html)
    assert snippet.count("<mark>") == 1
    assert "<mark>teachers</mark>" in snippet
    assert "&lt;" not in snippet and "bpupils in schools" in snippet
    assert not any(character in snippet for character in SENTINELS)


@pytest.mark.django_db
def test_snippet_ignores_the_characters_in_text_stored_without_an_importer() -> None:
    # Written straight to the tables (as rows stored before the importers stripped them, or an
    # admin edit would be): the engines' own text drops the characters.
    question = answered_question(
        heading=f"{START}Schools{STOP}: Teachers",
        question_text=TEXT,
        answer__answer_text=f"{START}Funding{STOP} for {LT}i{GT}teachers{START} rises{STOP}.",
    )
    index_questions(question_ids=[question.pk])
    for text, source in (("schools", "Question"), ("funding rises", "Answer")):
        snippet = snippets_for([question], parse(text))[question.pk]
        html = str(snippet.html)
        assert snippet.source == source, text
        assert html.count("<mark>") == len(text.split()), html
        assert not any(character in html for character in SENTINELS), html
    html = str(snippets_for([question], parse("funding"))[question.pk].html)
    assert html.count("<mark>") == 1 and "<mark>Funding</mark> for iteachers rises" in html


@pytest.mark.parametrize("character", SENTINELS)
def test_strip_sentinels_finds_each_character_alone(character: str) -> None:
    # strip_sentinels skips its pass when none is present: each must still be found on its own.
    assert strip_sentinels(f"a{character}b{character}") == "ab"
    assert strip_sentinels("plain text") == "plain text"
