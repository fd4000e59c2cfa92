"""Where intake flags show: a "Like a recent question" tag in the question list and search results
(without a query per row), the filter, and the question page's section with the referral answer.
Also the search page's member filters, marked for the type-ahead."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from pqtracker.parliament.models import WrittenQuestion
from pqtracker.search.models import NearDuplicate
from tests.factories import UserFactory, WrittenQuestionFactory
from tests.search.conftest import add_question

LIST = reverse("parliament:question-list")
SEARCH = reverse("search:search")
TAG = "Like a recent question</strong>"
REFERRAL = "I refer the hon. Member to the answer I gave on 9 December 2021 to Question 87924."


@pytest.fixture
def signed_in(client, viewer):
    client.force_login(viewer)
    return client


def flag(question: WrittenQuestion, earlier: WrittenQuestion) -> NearDuplicate:
    return NearDuplicate.objects.create(question=question, duplicate_of=earlier, similarity=0.8)


@pytest.fixture
def pair(db) -> tuple[WrittenQuestion, WrittenQuestion]:
    earlier = add_question(
        "87924",
        "How many education, health and care plans were issued within 20 weeks in Surrey.",
        heading="Special Educational Needs: Surrey",
        answer="The figures are published annually.",
        tabled=datetime.date(2021, 12, 6),
        answered=datetime.date(2021, 12, 9),
        asker_name="Helen Marsh",
    )
    later = add_question(
        "90002",
        "How many education, health and care plans have been issued within 20 weeks in Surrey.",
        heading="Special Educational Needs: Surrey County",
        tabled=datetime.date(2021, 12, 27),
        asker=5000,
    )
    flag(later, earlier)
    return earlier, later


def _row(body: str, uin: str) -> str:
    start = body.index(f'<td class="govuk-table__cell">{uin}</td>')
    return body[start : body.index("</tr>", start)]


# --- The question list ----------------------------------------------------------------------


def test_question_list_tags_only_flagged_questions(signed_in, pair):
    earlier, later = pair
    body = signed_in.get(LIST).content.decode()
    assert TAG in _row(body, later.uin)
    assert TAG not in _row(body, earlier.uin)


def test_question_list_tags_cost_one_query_however_many_are_flagged(signed_in, pair):
    earlier, _later = pair
    signed_in.get(LIST)  # the first request of a session may write it
    with CaptureQueriesContext(connection) as one_flagged:
        signed_in.get(LIST)
    for question in WrittenQuestionFactory.create_batch(10):
        flag(question, earlier)
    signed_in.get(LIST)  # new questions: the member selects read their choices again, once
    with CaptureQueriesContext(connection) as many_flagged:
        body = signed_in.get(LIST).content.decode()
    assert body.count(TAG) == 11
    assert len(many_flagged.captured_queries) == len(one_flagged.captured_queries)


def test_question_list_possible_duplicates_only_filter(signed_in, pair):
    earlier, later = pair
    WrittenQuestionFactory(uin="555", heading="Teachers: Recruitment")
    response = signed_in.get(LIST, {"possible_duplicates": "on"})
    questions = list(response.context["page_obj"].object_list)
    assert questions == [later]
    body = response.content.decode()
    assert 'name="possible_duplicates"' in body and "Possible duplicates only" in body
    assert "Teachers: Recruitment" not in body
    # Unticked, every question is listed.
    assert len(signed_in.get(LIST).context["page_obj"].object_list) == 3


def test_question_list_filter_works_as_an_htmx_partial(signed_in, pair):
    _earlier, later = pair
    response = signed_in.get(LIST, {"possible_duplicates": "on"}, headers={"HX-Request": "true"})
    body = response.content.decode()
    assert "1 question" in body and TAG in _row(body, later.uin)


# --- Search results ---------------------------------------------------------------------------


def test_search_results_tag_flagged_questions(signed_in, pair):
    _earlier, later = pair
    body = signed_in.get(SEARCH, {"q": "Surrey"}).content.decode()
    assert "2 results" in body
    assert body.count(TAG) == 1
    result = body[body.index(later.get_absolute_url()) :]
    assert TAG in result[: result.index("</li>")]


def test_search_recent_questions_are_tagged_too(signed_in, pair):
    assert signed_in.get(SEARCH).content.decode().count(TAG) == 1


def test_search_results_tags_cost_one_query_however_many_are_flagged(signed_in, pair):
    earlier, _later = pair
    signed_in.get(SEARCH, {"q": "Surrey"})
    with CaptureQueriesContext(connection) as one_flagged:
        signed_in.get(SEARCH, {"q": "Surrey"})
    for n in range(10):
        question = add_question(str(91000 + n), f"Care plans in Surrey, case {n}.")
        flag(question, earlier)
    signed_in.get(SEARCH, {"q": "Surrey"})  # new questions: the member selects re-read, once
    with CaptureQueriesContext(connection) as many_flagged:
        body = signed_in.get(SEARCH, {"q": "Surrey"}).content.decode()
    assert body.count(TAG) == 11
    assert len(many_flagged.captured_queries) == len(one_flagged.captured_queries)


# --- The question page ------------------------------------------------------------------------


def test_question_page_lists_the_earlier_question_and_the_referral_answer_to_copy(signed_in, pair):
    earlier, later = pair
    body = signed_in.get(later.get_absolute_url()).content.decode()
    assert TAG in body
    section = body[body.index('id="near-duplicates-heading"') :]
    section = section[: section.index("</section>")]
    assert f'href="{earlier.get_absolute_url()}"' in section
    assert "House of Commons 87924, tabled 6 December 2021 by Helen Marsh" in section
    # Without JavaScript the text is in a box to select and copy; the button waits for JS.
    assert f'readonly aria-describedby="referral-answer-1-hint">{REFERRAL}</textarea>' in section
    assert 'data-module="app-copy-text"' in section and "govuk-!-display-none" in section
    assert "js/copy-text.mjs" in body


def test_question_page_of_an_answered_question_lists_the_flag_without_a_referral(signed_in, pair):
    earlier, later = pair
    WrittenQuestion.objects.filter(pk=later.pk).update(status="answered")
    body = signed_in.get(later.get_absolute_url()).content.decode()
    assert f'href="{earlier.get_absolute_url()}"' in body
    assert REFERRAL not in body and "<textarea" not in body


def test_question_page_without_flags_has_no_section(signed_in, pair):
    earlier, _later = pair
    body = signed_in.get(earlier.get_absolute_url()).content.decode()
    assert "near-duplicates-heading" not in body and TAG not in body


def test_question_page_shows_stored_flags_rather_than_recomputing(signed_in, pair):
    earlier, later = pair
    other = add_question("70001", "Free school meals in Kent.", tabled=datetime.date(2021, 12, 1))
    # A flag the live check would never find: the page shows what intake stored.
    flag(later, other)
    body = signed_in.get(later.get_absolute_url()).content.decode()
    assert other.get_absolute_url() in body and earlier.get_absolute_url() in body


# --- Member filters ---------------------------------------------------------------------------


def test_search_member_filters_are_selects_marked_for_the_type_ahead(signed_in, pair):
    body = signed_in.get(SEARCH).content.decode()
    for name in ("asking_member", "answering_member"):
        start = body.index(f'<select name="{name}"')
        assert "data-app-autocomplete" in body[start : body.index(">", start)]
    assert "Helen Marsh</option>" in body
    assert "js/member-autocomplete.mjs" in body


def test_admin_lists_flags_read_only(client, pair):
    client.force_login(UserFactory(username="root", is_staff=True, is_superuser=True))
    body = client.get(reverse("admin:search_nearduplicate_changelist")).content.decode()
    assert "90002" in body and "87924" in body
    assert client.get(reverse("admin:search_nearduplicate_add")).status_code == 403
