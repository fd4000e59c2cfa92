"""The holder tag on the question list's and search results' rows (answers.panels.holder_tags),
and that the rows a web process keeps (ADR 19) follow the case, which is not the record."""

from __future__ import annotations

import re

from pqtracker.answers import services
from pqtracker.search.index import index_questions


def _holder_tags(client, path: str = "/questions/") -> list[str]:  # type: ignore[no-untyped-def]
    page = client.get(path).content.decode()
    return [tag.split(":")[0] for tag in re.findall(r'govuk-tag--grey">([^<]*)<', page)]


def test_list_rows_follow_the_case_through_commissioning_and_acceptance(
    client, new_case, pq_team, team_a, drafter_a, drafter_a2
):
    client.force_login(pq_team)
    assert _holder_tags(client) == ["New"]
    assert services.commission(
        case=new_case, actor=pq_team, team=team_a, candidates=[drafter_a, drafter_a2]
    )
    assert _holder_tags(client) == ["Commissioned"]
    assert services.accept(case=new_case, actor=drafter_a)
    assert _holder_tags(client) == ["Accepted"]


def test_search_rows_follow_the_case(client, new_case, pq_team, team_a, drafter_a, drafter_a2):
    index_questions(question_ids=[new_case.question_id])
    search = f"/search/?q={new_case.question.heading.split()[0]}"
    client.force_login(pq_team)
    assert _holder_tags(client, search) == ["New"]
    assert services.commission(
        case=new_case, actor=pq_team, team=team_a, candidates=[drafter_a, drafter_a2]
    )
    assert _holder_tags(client, search) == ["Commissioned"]


def test_a_viewer_sees_no_holder_tags(client, new_case, pq_team, viewer):
    client.force_login(pq_team)
    assert _holder_tags(client) == ["New"]
    client.force_login(viewer)
    assert _holder_tags(client) == []


def _case_queries(client, path: str) -> list[str]:  # type: ignore[no-untyped-def]
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return [q["sql"] for q in queries.captured_queries if '"answers_case"' in q["sql"]]


def test_the_question_page_follows_the_case_and_keeps_it_for_the_pq_team(
    client, new_case, pq_team, team_a, drafter_a, drafter_a2
):
    page = f"/questions/{new_case.question_id}/"
    client.force_login(pq_team)
    assert "New</strong>" in client.get(page).content.decode()
    # Kept under the cases' generation: asked again, the page reads no case.
    assert _case_queries(client, page) == []
    assert _holder_tags(client) == ["New"]
    assert _case_queries(client, "/questions/") == []
    assert services.commission(
        case=new_case, actor=pq_team, team=team_a, candidates=[drafter_a, drafter_a2]
    )
    assert "Commissioned</strong>" in client.get(page).content.decode()
    assert _holder_tags(client) == ["Commissioned"]


def test_a_drafters_view_of_the_cases_is_read_each_time(client, commissioned, drafter_a):
    # What a drafter may see depends on their teams and offers: never kept.
    client.force_login(drafter_a)
    client.get("/questions/")
    assert _case_queries(client, "/questions/")


def test_a_renamed_holder_shows_at_once(client, accepted, pq_team, drafter_a):
    client.force_login(pq_team)
    page = client.get("/questions/").content.decode()
    assert drafter_a.get_full_name() in page
    drafter_a.first_name, drafter_a.last_name = "Renamed", "Drafter"
    drafter_a.save()
    assert "Renamed Drafter" in client.get("/questions/").content.decode()
