"""Full-text search: the same tests run on SQLite FTS5 and (with DATABASE_URL) PostgreSQL. Its
relevance on the real records is in test_engine_real_records.py."""

from __future__ import annotations

import datetime

import pytest
from django.core.management import call_command

from pqtracker.parliament.models import QuestionStatus
from pqtracker.parliament.services import mark_withdrawn
from pqtracker.search.query import parse
from pqtracker.search.services import Criteria, search_questions, snippets_for
from tests.search.conftest import add_question


def found(text: str, **filters) -> list[str]:
    return [q.uin for q in search_questions(Criteria(query=parse(text), **filters))]


# --- Language behaviour on controlled records ----------------------------------------------


@pytest.mark.django_db
def test_search_abbreviation_matches_its_forms_and_excludes_them_all():
    add_question("1", "How many EHCPs were issued in Kent.")
    add_question("2", "How many EHC plans were issued in Kent.")
    add_question("3", "How many education, health and care plans were issued in Kent.")
    add_question("4", "How many health and care plans were issued in Kent.")
    add_question("5", "How many assessments were made in Kent.")
    assert sorted(found("EHCP")) == ["1", "2", "3"]
    assert found('"EHCP"') == ["1"]
    assert sorted(found("Kent -EHCP")) == ["4", "5"]


@pytest.mark.django_db
def test_search_or_binds_only_its_neighbours_and_every_other_word_still_counts():
    add_question("1", "Tutoring in academies.")
    add_question("2", "Tutoring in free schools.")
    add_question("3", "Uniforms in free schools.")
    add_question("4", "Uniforms in academies.")
    assert sorted(found('tutoring academies OR "free schools"')) == ["1", "2"]
    assert sorted(found('academies OR "free schools" tutoring')) == ["1", "2"]
    assert sorted(found('academies OR "free schools" -tutoring')) == ["3", "4"]
    assert sorted(found("uniforms OR tutoring -academies")) == ["2", "3"]


@pytest.mark.django_db
def test_search_stems_plural_to_singular():
    add_question("1", "How many needs assessments were completed in Surrey.")
    add_question("2", "How many teachers were recruited in Surrey.")
    assert found("assessment") == ["1"]
    assert found("assessing") == ["1"]


@pytest.mark.django_db
def test_search_ranks_heading_above_answer_text():
    add_question("1", "What funding is planned.", answer="Funding for tutoring continues.")
    add_question("2", "What funding is planned.", heading="Tutoring")
    assert found("tutoring") == ["2", "1"]


@pytest.mark.django_db
def test_search_snippet_escapes_html_in_question():
    question = add_question(
        "1", "Whether the <script>alert('x')</script> tag appears in school websites."
    )
    query = parse("script school")
    snippet = snippets_for([question], query)[question.pk]
    assert "<script>" not in str(snippet.html)
    assert "&lt;<mark>script</mark>&gt;" in str(snippet.html)
    assert "<mark>school</mark>" in str(snippet.html)


@pytest.mark.django_db
def test_search_operators_in_input_never_break_query():
    add_question("1", "Whether title deeds for schools are NEAR completion.")
    for text in [
        "title:schools",
        "NEAR(title deeds)",
        "schools*",
        "^schools",
        "schools AND NOT deeds",
        "(schools",
    ]:
        assert isinstance(found(text), list)
    assert found("title:deeds") == ["1"]


# --- Filters -------------------------------------------------------------------------------


@pytest.fixture
def varied(db):
    return {
        "lords": add_question(
            "HL10",
            "Tutoring in rural schools.",
            house="Lords",
            asker=3000,
            tabled=datetime.date(2024, 1, 10),
        ),
        "health": add_question(
            "20",
            "Tutoring for children in hospital.",
            body=17,
            asker=3001,
            tabled=datetime.date(2024, 3, 1),
        ),
        "answered": add_question(
            "30",
            "Tutoring funding for academies.",
            answer="Funding continues.",
            tabled=datetime.date(2024, 5, 1),
            answered=datetime.date(2024, 5, 9),
            minister=4125,
        ),
        "holding": add_question(
            "40",
            "Tutoring in Surrey.",
            answer="An answer is being prepared.",
            holding=True,
            minister=4126,
            tabled=datetime.date(2024, 6, 1),
            answered=datetime.date(2024, 6, 6),
        ),
        "named": add_question(
            "50", "Tutoring targets.", named_day=True, tabled=datetime.date(2024, 7, 1)
        ),
        "withdrawn": add_question(
            "60", "Tutoring hours.", withdrawn=True, tabled=datetime.date(2024, 8, 1)
        ),
    }


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({"house": "Lords"}, ["HL10"]),
        ({"statuses": (QuestionStatus.ANSWERED,)}, ["30"]),
        ({"statuses": (QuestionStatus.HOLDING,)}, ["40"]),
        ({"statuses": (QuestionStatus.WITHDRAWN,)}, ["60"]),
        ({"statuses": (QuestionStatus.UNANSWERED,)}, ["50", "20", "HL10"]),
        ({"named_day": True}, ["50"]),
        (
            {"tabled_from": datetime.date(2024, 3, 1), "tabled_to": datetime.date(2024, 5, 1)},
            ["30", "20"],
        ),
        ({"answered_from": datetime.date(2024, 5, 10)}, ["40"]),
        ({"answered_to": datetime.date(2024, 5, 9)}, ["30"]),
    ],
)
def test_search_filter_narrows_results(varied, filters, expected):
    assert found("tutoring", sort="newest", **filters) == expected


def test_search_filter_by_body_and_members(varied):
    health = varied["health"]
    assert found("tutoring", answering_body_ids=(health.answering_body_id,)) == ["20"]
    assert found("tutoring", asking_member_id=varied["lords"].asking_member_id) == ["HL10"]
    assert found("tutoring", answering_member_id=varied["holding"].answering_member_id) == ["40"]


def test_search_without_text_lists_filtered_questions_newest_first(varied):
    results = search_questions(Criteria(house="Commons"))
    assert [q.uin for q in results] == ["60", "50", "40", "30", "20"]


# --- The index follows writes --------------------------------------------------------------


@pytest.mark.django_db
def test_index_follows_question_update():
    add_question("1", "Funding for breakfast clubs.", parliament_id=99)
    assert found("breakfast") == ["1"]
    add_question("1", "Funding for holiday activities.", parliament_id=99)
    assert found("breakfast") == []
    assert found("holiday") == ["1"]


@pytest.mark.django_db
def test_index_follows_new_answer():
    add_question("1", "Funding for clubs.", parliament_id=99)
    assert found("ringfenced") == []
    add_question("1", "Funding for clubs.", answer="The grant is ringfenced.", parliament_id=99)
    assert found("ringfenced") == ["1"]


@pytest.mark.django_db
def test_index_follows_withdrawal():
    question = add_question("1", "Funding for clubs.")
    mark_withdrawn(question=question, source="api")
    assert found("clubs", statuses=(QuestionStatus.WITHDRAWN,)) == ["1"]


@pytest.mark.django_db
def test_rebuild_search_index_restores_missing_entries(capsys):
    from pqtracker.search.backends import get_backend

    add_question("1", "Funding for breakfast clubs.")
    add_question("2", "Funding for holiday clubs.")
    get_backend().clear()
    assert found("clubs") == []
    call_command("rebuild_search_index", "--batch-size", "1")
    assert sorted(found("clubs")) == ["1", "2"]
    assert "2 questions" in capsys.readouterr().out


# --- Bounded cost for very common words ----------------------------------------------------


@pytest.mark.django_db
def test_search_with_no_question_holding_every_word_ranks_those_holding_some():
    from pqtracker.search.services import search

    add_question("1", "Tutoring in Kent schools.", heading="Tutoring")
    add_question("2", "Tutoring and uniforms in Kent.")
    add_question("3", "Uniforms in Surrey.")
    add_question("4", "Breakfast clubs in Devon.")
    add_question("5", "Tutoring in Surrey.", house="Lords")
    found_ = search(Criteria(query=parse("how many tutoring uniforms Kent schools")))
    assert found_.relaxed_query is not None
    uins = [q.uin for q in found_.questions[0:10]]
    assert set(uins) == {"1", "2", "3", "5"}  # not 4: none of the words
    assert uins[:2] in (["1", "2"], ["2", "1"])  # three of the four words, before one of them
    # Exclusions and filters still hold; words every question uses do not decide.
    without = search(Criteria(query=parse("tutoring uniforms schools -Surrey")))
    assert {q.uin for q in without.questions[0:10]} == {"1", "2"}
    commons = search(Criteria(query=parse("tutoring Devon"), house="Commons"))
    assert {q.uin for q in commons.questions[0:10]} == {"1", "2", "4"}
    telling = search(Criteria(query=parse("steps taken Devon tutors"))).relaxed_query
    assert telling is not None
    assert [t.text for t in telling.positive[0].alternatives] == ["devon", "tutors"]
    # One word, or every word found together: nothing is relaxed.
    assert search(Criteria(query=parse("dyslexia"))).relaxed_query is None
    assert search(Criteria(query=parse("tutoring Kent"))).relaxed_query is None


@pytest.mark.django_db
def test_search_holding_some_words_puts_those_holding_more_first():
    from pqtracker.search.services import search

    # One word, over and over, in the heading (a high rank) against two words in the answer.
    add_question("1", "Tutoring, tutoring and more tutoring.", heading="Tutoring: Tutoring")
    add_question("2", "What is planned.", answer="Uniforms for tutoring groups are provided.")
    add_question("3", "Uniforms policy.", heading="Uniforms")
    found_ = search(Criteria(query=parse("tutoring uniforms Surrey")))
    assert found_.relaxed_query is not None
    assert [q.uin for q in found_.questions[0:3]][0] == "2"
    # Without the count, rank alone would have put the heading first.
    loose = search(Criteria(query=parse("tutoring OR uniforms OR Surrey")))
    assert loose.relaxed_query is None and [q.uin for q in loose.questions[0:3]][0] != "2"


@pytest.mark.django_db
def test_search_holding_some_words_ranks_a_smaller_window(monkeypatch):
    from pqtracker.search import services

    monkeypatch.setattr(services, "SOME_WORDS_WINDOW", 2)
    for n in range(4):
        add_question(str(n), f"Tutoring question {n}.")
    found_ = services.search(Criteria(query=parse("tutoring Devon")))
    assert found_.relaxed_query is not None and found_.capped and found_.count == 2
    assert sorted(q.uin for q in found_.questions[0:5]) == ["2", "3"]  # the newest two
    assert services.search(Criteria(query=parse("tutoring"))).count == 4  # not the first search


@pytest.mark.django_db
def test_search_over_window_ranks_newest_matches_and_says_capped():
    from pqtracker.search.services import search

    for n in range(6):
        add_question(str(n), f"Schools question {n}.", heading="Schools" if n == 0 else "")
    results = search(Criteria(query=parse("schools")), window=3)
    assert results.capped and results.count == 3
    uins = [q.uin for q in results.questions[0:10]]
    assert sorted(uins) == ["3", "4", "5"]  # the newest three; the oldest (best heading) is outside
    within = search(Criteria(query=parse("schools")), window=10)
    assert not within.capped and within.count == 6
    assert [q.uin for q in within.questions[0:1]] == ["0"]  # heading match ranks first


@pytest.mark.django_db
def test_search_by_date_counts_every_match():
    from pqtracker.search.services import search

    for n in range(4):
        add_question(str(n), f"Schools question {n}.", tabled=datetime.date(2024, 1, 1 + n))
    results = search(Criteria(query=parse("schools"), sort="oldest"), window=2)
    assert results.count == 4 and not results.capped
    assert [q.uin for q in results.questions] == ["0", "1", "2", "3"]


@pytest.mark.django_db
def test_index_follows_batch_write_path():
    from pqtracker.parliament import batch
    from pqtracker.parliament.records import QuestionRecord

    records = [
        QuestionRecord(
            parliament_id=5_000_000 + n,
            uin=str(n),
            house="Commons",
            date_tabled=datetime.date(2024, 1, 1),
            question_text=f"Batch written question about orchards {n}.",
        )
        for n in range(3)
    ]
    batch.upsert_questions(records=records)
    assert sorted(found("orchards")) == ["0", "1", "2"]


@pytest.mark.django_db
def test_backend_holding_says_which_of_the_given_questions_match():
    from pqtracker.search.backends import get_backend

    one = add_question("1", "Tutoring in free schools.")
    two = add_question("2", "Free meals in schools.")
    three = add_question("3", "Tutoring in academies.")
    holding = get_backend().holding
    assert holding([one.pk, two.pk], [parse("tutoring")]) == [{one.pk}]  # not three: not asked
    everyone = [one.pk, two.pk, three.pk]
    assert holding(everyone, [parse('"free schools"'), parse("schools -tutoring")]) == [
        {one.pk},
        {two.pk},
    ]
    assert holding(everyone, [parse("tutoring"), parse("meals OR academies")]) == [
        {one.pk, three.pk},
        {two.pk, three.pk},
    ]
    assert holding([], [parse("tutoring")]) == [set()]
    assert holding(everyone, []) == []
