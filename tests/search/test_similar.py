"""Similar earlier answers and near-duplicates at intake, with the referral answer."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.template.loader import render_to_string

from pqtracker.parliament.generation import Kept
from pqtracker.search import services
from pqtracker.search.services import near_duplicates, similar_questions
from tests.search.conftest import add_question

D = datetime.date
ASK = "To ask the Secretary of State for Education, "
TRIBUNALS = (
    "To ask His Majesty's Government what plans they have to reform special educational needs "
    "tribunals."
)


@pytest.fixture
def history(db):
    return {
        "earlier": add_question(
            "87924",
            ASK + "how many education, health and care plans were "
            "issued within 20 weeks in Surrey in each of the last three years.",
            heading="Special Educational Needs: Surrey",
            answer="The figures are published annually.",
            tabled=D(2021, 12, 6),
            answered=D(2021, 12, 9),
        ),
        "unanswered": add_question(
            "87925",
            ASK + "how many education, health and care plans were "
            "issued within 20 weeks in Surrey in 2021.",
            heading="Special Educational Needs: Surrey",
            tabled=D(2021, 12, 6),
        ),
        "other_topic": add_question(
            "87926",
            ASK + "what steps she is taking to recruit maths teachers.",
            heading="Teachers: Recruitment",
            answer="Bursaries are available.",
            tabled=D(2021, 11, 1),
        ),
        "later": add_question(
            "90000",
            ASK + "how many education, health and care plans were "
            "issued within 20 weeks in Surrey in each of the last three years.",
            heading="Special Educational Needs: Surrey",
            answer="Later answer.",
            tabled=D(2022, 6, 1),
        ),
    }


def test_similar_questions_finds_earlier_answered_on_same_topic(history):
    new = add_question(
        "1",
        ASK + "what proportion of education, health and care plans "
        "in Surrey were issued within 20 weeks.",
        heading="Special Educational Needs: Surrey",
        tabled=D(2022, 1, 10),
    )
    similar = similar_questions(new)
    assert [s.question.uin for s in similar] == [
        "87924"
    ]  # not unanswered, not later, not off-topic
    assert similar[0].similarity > 0.3


def test_similar_questions_excludes_itself(history):
    assert all(
        s.question.pk != history["earlier"].pk for s in similar_questions(history["earlier"])
    )


def test_similar_include_renders_links(history):
    new = add_question(
        "1", "Education, health and care plans issued in Surrey.", tabled=D(2022, 1, 10)
    )
    html = render_to_string("search/_similar.html", {"similar": similar_questions(new)})
    assert history["earlier"].get_absolute_url() in html and "9 December 2021" in html


def test_near_duplicates_flags_recent_similar_with_referral_answer(history):
    new = add_question(
        "2",
        ASK + "how many education, health and care plans were issued "
        "within 20 weeks in Surrey in each of the last three years.",
        tabled=D(2022, 1, 20),
        asker=5000,
    )
    duplicates = near_duplicates(new)
    by_uin = {d.question.uin: d for d in duplicates}
    assert set(by_uin) == {"87924", "87925"}  # tabled in the last three months, answered or not
    assert by_uin["87924"].referral_answer == (
        "I refer the hon. Member to the answer I gave on 9 December 2021 to Question 87924."
    )
    assert by_uin["87925"].referral_answer == ""


def test_near_duplicates_ignores_questions_older_than_three_months(history):
    new = add_question(
        "3",
        ASK + "how many education, health and care plans were issued "
        "within 20 weeks in Surrey in each of the last three years.",
        tabled=D(2022, 4, 1),
    )
    assert near_duplicates(new) == []


@pytest.mark.parametrize(
    ("name", "addressee"),
    [
        ("Baroness Smith of Basildon", "noble Baroness"),
        ("Lord Storey", "noble Lord"),
        ("The Earl of Clancarty", "noble Earl"),
    ],
)
def test_near_duplicates_referral_in_lords_uses_title(db, name, addressee):
    add_question(
        "HL4000",
        TRIBUNALS,
        house="Lords",
        answer="None.",
        tabled=D(2024, 1, 5),
        answered=D(2024, 1, 19),
        asker=7001,
        asker_name="Lord Other",
    )
    new = add_question(
        "HL4100",
        TRIBUNALS,
        house="Lords",
        tabled=D(2024, 2, 1),
        asker=7002,
        asker_name=name,
    )
    [duplicate] = near_duplicates(new)
    assert duplicate.referral_answer == (
        f"I refer the {addressee} to the answer I gave on 19 January 2024 to Question HL4000."
    )


def _surrey_plans(uin: str, minister: int, tabled: D) -> None:
    add_question(
        uin,
        ASK + "how many education, health and care plans were issued within 20 weeks in Surrey.",
        heading="Special Educational Needs: Surrey",
        answer="The figures are published.",
        tabled=tabled,
        minister=minister,
    )


@pytest.mark.parametrize("earlier", [1, 5])
def test_similar_panel_queries_do_not_grow_with_matches(db, django_assert_num_queries, earlier):
    """One query for the words' documents, one for the words of the candidates that pass the
    filter, one for the rows shown with their ministers: the same whether one or five similar
    questions, each answered by another minister, are shown.
    """
    for n in range(earlier):
        _surrey_plans(str(100 + n), minister=4125 + n, tabled=D(2021, 1, 4 + n))
    new = add_question(
        "1",
        ASK + "how many education, health and care plans were issued within 20 weeks in Surrey.",
        heading="Special Educational Needs: Surrey",
        tabled=D(2022, 1, 10),
    )
    similar_questions(new)  # PostgreSQL's word statistics are read once, then cached
    Kept.clear_all()  # the finding itself is counted, not the answer kept from the call above
    # PostgreSQL adds one: the words' lexemes and how common each is.
    with django_assert_num_queries(3 if connection.vendor == "sqlite" else 4):
        similar = similar_questions(new)
        html = render_to_string("search/_similar.html", {"similar": similar})
    assert len(similar) == earlier
    assert html.count("<li>") == earlier


def test_similar_questions_ignore_words_held_by_too_many_questions(db, monkeypatch):
    """A word in more questions than POSTINGS_CAP is never read or scored: only the rarer words
    decide, so an earlier question sharing just the common word is not offered."""
    for n in range(3):
        add_question(
            str(200 + n),
            ASK + f"what funding is available for nurseries in district{n}.",
            heading="Nurseries",
            answer="Funding is available.",
            tabled=D(2021, 1, 4 + n),
        )
    twin = add_question(
        "300",
        ASK + "what funding is available for nurseries in Pemberton.",
        heading="Nurseries",
        answer="Funding is available.",
        tabled=D(2021, 2, 1),
    )
    new = add_question(
        "301",
        ASK + "what funding is available for nurseries in Pemberton.",
        heading="Nurseries",
        tabled=D(2022, 1, 10),
    )
    # "funding" and "nurseries" are in all five: common at a cap of 3.
    monkeypatch.setattr(services, "POSTINGS_CAP", 3)
    monkeypatch.setattr(services, "_COMMON", set())
    if connection.vendor == "postgresql":
        # Its statistics call no word common in advance (the table's real statistics are
        # whatever autovacuum last saw other tests commit): the lists decide, as on SQLite.
        from pqtracker.search import pg_planning

        no_statistics = {"freqs": {}, "rare": 0.0, "pair_freqs": {}, "rare_pair": 0.0, "docs": 5}
        monkeypatch.setattr(pg_planning, "_statistics", lambda: no_statistics)
    assert [s.question.pk for s in similar_questions(new)] == [twin.pk]
    # Remembered as common: not read again.
    assert {"funding", "nurseries"} <= services._COMMON
    read: list[str] = []
    postings = services.get_backend().postings
    monkeypatch.setattr(
        services,
        "get_backend",
        lambda: type(
            "Spy", (), {"postings": lambda self, w, c: read.extend(w) or postings(w, c)}
        )(),
    )
    Kept.clear_all()  # found again, not the answer kept from the first call
    assert [s.question.pk for s in similar_questions(new)] == [twin.pk]
    assert "funding" not in read and "pemberton" in read
