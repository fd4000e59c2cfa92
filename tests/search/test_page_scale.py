"""The search page around the engine: member selects written in one pass, and a query count
that does not grow with members or questions."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.search.conftest import add_question

URL = "/search/"


@pytest.fixture
def signed_in(client, viewer):
    client.force_login(viewer)
    return client


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def _members(first: int, count: int) -> None:
    for n in range(count):
        add_question(str(first + n), "Breakfast clubs in Kent.", asker=7000 + first + n)


@pytest.mark.parametrize("members", [2, 20])
def test_empty_search_page_queries_do_not_grow_with_members(signed_in, members):
    _members(100, 2)
    _queries(signed_in, URL)  # the session, once
    few = _queries(signed_in, URL)
    _members(500, members)
    # The record changed: the two member selects and the departments' read their choices again,
    # and the recent questions' ids, rows and possible-duplicate flags are read again, once.
    assert _queries(signed_in, URL) == few + 6
    assert _queries(signed_in, URL) == few


def test_member_select_lists_members_and_keeps_the_choice(signed_in):
    ann = add_question("101", "Breakfast clubs in Kent.", asker=7101).asking_member
    bob = add_question("102", "Breakfast clubs in Kent.", asker=7102).asking_member
    body = signed_in.get(URL, {"asking_member": ann.pk}).content.decode()
    assert '<select name="asking_member" class="govuk-select' in body
    assert f'<option value="{ann.pk}" selected>{ann.name_display}</option>' in body
    assert f'<option value="{bob.pk}">{bob.name_display}</option>' in body
    assert '<option value="">Any member</option>' in body


def test_a_new_asker_appears_at_once(signed_in):
    add_question("101", "Breakfast clubs in Kent.", asker=7101)
    signed_in.get(URL)
    bob = add_question("102", "Breakfast clubs in Kent.", asker=7102).asking_member
    assert f">{bob.name_display}</option>" in signed_in.get(URL).content.decode()


def test_each_search_offers_to_save_itself(signed_in):
    """The "save this search" form is kept once drawn (parliament.rendered_forms): by its own
    search, never another's."""
    add_question("101", "Breakfast clubs in Kent.", asker=7101)
    add_question("102", "Ponds in Surrey.", asker=7102)
    for _ in range(2):
        for word in ("breakfast", "ponds"):
            body = signed_in.get(URL, {"q": word}).content.decode()
            assert f'name="query_string" value="q={word}"' in body
            assert 'name="csrfmiddlewaretoken"' in body  # the page's own form carries it
