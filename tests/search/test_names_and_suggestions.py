"""Names of who asked and who answered are searchable, results say who answered, and a
misspelt word gets a "Did you mean" from the record's vocabulary. On SQLite FTS5 and (with
DATABASE_URL) PostgreSQL."""

from __future__ import annotations

import datetime

import pytest
from django.core.management import call_command
from django.urls import reverse

from pqtracker.parliament.models import Member
from pqtracker.search.query import parse
from pqtracker.search.services import Criteria, search_questions
from pqtracker.search.vocabulary import did_you_mean, edit_distance, refresh_vocabulary
from tests.factories import MemberFactory
from tests.search.conftest import add_question

pytestmark = pytest.mark.django_db


def found(text: str) -> list[str]:
    return sorted(q.uin for q in search_questions(Criteria(query=parse(text))))


@pytest.fixture
def members() -> None:
    MemberFactory(parliament_id=4070, name_display="Tom Hunt")
    MemberFactory(parliament_id=4125, name_display="Will Quince")
    MemberFactory(parliament_id=4200, name_display="Ann Bloggs")


@pytest.fixture
def questions(members) -> None:  # type: ignore[no-untyped-def]
    add_question("1", "Breakfast clubs in Ipswich.", answer="We fund them.", asker=4070)
    add_question("2", "Holiday activities in Kent.", asker=4200, minister=4125)
    add_question("3", "School meals in Leeds.", answer="Funding continues.", asker=4200)


def test_the_answering_minister_and_the_asking_member_are_found_by_name(questions):
    assert found("Quince") == ["1", "3"]  # the minister of both answers
    assert found("Hunt") == ["1"]
    assert found("Quince Leeds") == ["3"]


def test_a_member_named_later_is_found_by_the_new_name(questions):
    member = Member.objects.get(parliament_id=4200)
    member.name_display = "Ruth Jones"
    member.save()
    assert found("Jones") == ["2", "3"]
    assert found("Bloggs") == []


def test_rebuilding_the_index_keeps_the_names(questions):
    call_command("rebuild_search_index", verbosity=0)
    assert found("Quince") == ["1", "3"]
    assert found("Hunt") == ["1"]


def test_search_results_say_who_answered_and_when(client, viewer, questions):
    client.force_login(viewer)
    html = client.get(reverse("search:search"), {"q": "breakfast"}).content.decode()
    answered = datetime.date(2024, 11, 18).strftime("%-d %B %Y")
    assert f"answered by Will Quince on {answered}" in " ".join(html.split())


def test_edit_distance_counts_a_swap_as_one_edit():
    assert edit_distance("quince", "qiunce", 2) == 1
    assert edit_distance("quince", "quinse", 2) == 1
    assert edit_distance("quince", "quin", 2) == 2
    assert edit_distance("quince", "q", 2) == 3  # past the limit


def test_did_you_mean_corrects_words_the_record_never_uses(questions):
    refresh_vocabulary()
    assert did_you_mean("Breakfsat clubs", parse("Breakfsat clubs")) == "breakfast clubs"
    assert did_you_mean("Qiunce", parse("Qiunce")) == "quince"
    # Nothing to correct, and nothing close enough to offer.
    assert did_you_mean("breakfast", parse("breakfast")) is None
    assert did_you_mean("zzyzx", parse("zzyzx")) is None


def test_a_search_that_finds_nothing_offers_the_corrected_search(client, viewer, questions):
    refresh_vocabulary()
    client.force_login(viewer)
    url = reverse("search:search")
    html = client.get(url, {"q": "qiunce", "house": "Commons"}).content.decode()
    assert "Did you mean" in html
    assert 'href="?q=quince&amp;house=Commons"' in html
    corrected = client.get(url, {"q": "quince", "house": "Commons"})
    assert corrected.context["page_obj"].paginator.count == 2
    assert "Did you mean" not in corrected.content.decode()
