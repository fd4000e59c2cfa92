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
