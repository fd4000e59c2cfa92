"""The record's generation, and the answers a process keeps under it (parliament.generation)."""

from __future__ import annotations

import datetime

import pytest
from django.core.cache import cache
from django.db import connection, transaction

from pqtracker.parliament import generation
from pqtracker.parliament.generation import Kept
from pqtracker.parliament.models import WrittenQuestion
from pqtracker.search import services as search
from pqtracker.search.index import index_questions
from pqtracker.search.query import parse
from tests.factories import WrittenQuestionFactory
from tests.search.conftest import add_question

ASK = "To ask the Secretary of State for Education, "


@pytest.fixture
def kept() -> Kept:
    made = Kept("test answers", size=3)
    yield made
    Kept._all.remove(made)


class Counting:
    def __init__(self) -> None:
        self.calls = 0

    def __call__(self) -> int:
        self.calls += 1
        return self.calls


def test_the_generation_holds_until_the_record_is_written(db):
    before = generation.current()
    assert generation.current() == before
    WrittenQuestionFactory()
    assert generation.current() != before


def test_an_answer_is_kept_until_the_generation_moves(db, kept):
    compute = Counting()
    assert kept.get("k", compute) == 1
    assert kept.get("k", compute) == 1
    assert compute.calls == 1
    generation.advance()
    assert kept.get("k", compute) == 2


@pytest.mark.parametrize(
    "write",
    [
        pytest.param(lambda q: WrittenQuestion.objects.get(pk=q.pk).save(), id="a question saved"),
        pytest.param(lambda q: index_questions(question_ids=[q.pk]), id="questions indexed"),
        pytest.param(lambda q: add_question("9", ASK + "about ponds."), id="the write path"),
        pytest.param(lambda q: q.asking_member.save(), id="a member saved"),
    ],
)
def test_each_kind_of_write_moves_the_generation(db, write):
    question = add_question("1", ASK + "how many schools have ponds.")
    before = generation.current()
    write(question)
    assert generation.current() != before


def test_inside_a_transaction_the_token_moves_now_and_again_at_commit(
    db, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks, transaction.atomic():
        first = generation.current()
        generation.advance()
        generation.advance()
        during = generation.current()
    assert during != first
    renewals = [c for c in callbacks if generation.is_renewal(c)]
    assert len(renewals) == 1  # once a transaction, however many writes
    renewals[0]()
    assert generation.current() != during


def test_kept_answers_expire_whatever_the_generation(db, kept, monkeypatch):
    compute = Counting()
    clock = [1000.0]
    monkeypatch.setattr(generation.time, "monotonic", lambda: clock[0])
    kept.get("k", compute)
    clock[0] += generation.MAX_AGE_SECONDS
    assert kept.get("k", compute) == 1
    clock[0] += 1
    assert kept.get("k", compute) == 2


def test_the_oldest_answers_go_when_full(db, kept):
    compute = Counting()
    for key in "abcd":
        kept.get(key, compute)
    assert len(kept) == 3
    kept.get("a", compute)
    assert compute.calls == 5  # "a" was the oldest, and had gone


def test_a_cache_that_cannot_be_read_keeps_nothing(db, kept, monkeypatch):
    def broken(*args, **kwargs):
        raise ConnectionError("the cache is down")

    monkeypatch.setattr(cache, "get", broken)
    compute = Counting()
    kept.get("k", compute)
    kept.get("k", compute)
    assert compute.calls == 2


def test_a_key_that_cannot_be_hashed_is_computed_each_time(db, kept):
    compute = Counting()
    kept.get(("k", [1, 2]), compute)
    kept.get(("k", [1, 2]), compute)
    assert compute.calls == 2


def test_each_database_has_its_own_token(db, monkeypatch):
    mine = generation.current()
    monkeypatch.setitem(connection.settings_dict, "NAME", "another-database")
    assert generation.current() != mine


def test_a_search_is_kept_and_a_new_question_found_at_once(db):
    add_question("1", ASK + "how many schools have ponds.", answer="Many.")
    criteria = search.Criteria(query=parse("ponds"))
    assert search.search(criteria).count == 1
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(search, "_search", lambda *a: pytest.fail("the kept ranking was not used"))
        assert search.search(criteria).count == 1
    add_question("2", ASK + "how many schools have wildlife ponds.")
    assert search.search(criteria).count == 2


def test_similar_questions_follow_a_newly_answered_question(db):
    add_question(
        "1",
        ASK + "how many schools have wildlife ponds in Surrey.",
        tabled=datetime.date(2024, 1, 1),
    )
    new = add_question("2", ASK + "how many schools in Surrey have wildlife ponds.")
    assert search.similar_questions(new) == []  # the earlier one is not answered yet
    add_question(
        "1",
        ASK + "how many schools have wildlife ponds in Surrey.",
        tabled=datetime.date(2024, 1, 1),
        answer="Forty.",
        parliament_id=WrittenQuestion.objects.get(uin="1").parliament_id,
    )
    assert [s.question.uin for s in search.similar_questions(new)] == ["1"]


def test_the_list_count_follows_a_new_question(db, client, viewer):
    client.force_login(viewer)
    add_question("1", ASK + "about ponds.")
    assert "1 question</h2>" in client.get("/questions/").content.decode()
    add_question("2", ASK + "about lakes.")
    page = client.get("/questions/").content.decode()
    assert "2 questions</h2>" in page
    assert '<td class="govuk-table__cell">2</td>' in page  # the page's ids read again too


def test_flagging_near_duplicates_moves_the_generation(db):
    """The list's "possible duplicates" filter reads the intake's flags: a kept count must not
    outlive a new flag."""
    from pqtracker.search import intake

    add_question("1", ASK + "how many schools in Surrey have wildlife ponds.")
    new = add_question("2", ASK + "how many schools in Surrey have wildlife ponds.")
    before = generation.current()
    assert intake.flag_near_duplicates(question_ids=[new.pk]).added
    assert generation.current() != before


def test_kept_list_rows_say_due_today_on_the_day(db, client, viewer, monkeypatch):
    """The rows' deadline tags follow the date, though the record has not changed."""
    import re

    from django.utils import timezone

    due = datetime.date(2026, 12, 10)
    WrittenQuestionFactory(date_for_answer=due, status="unanswered")
    client.force_login(viewer)

    def tags_on(day: datetime.date) -> list[str]:
        monkeypatch.setattr(timezone, "localdate", lambda *a, **k: day)
        page = client.get("/questions/").content.decode()
        return re.findall(r'app-deadline-tag">([^<]*)<', page)

    before = tags_on(due - datetime.timedelta(days=1))
    assert tags_on(due) != before


@pytest.fixture
def shared_kept() -> Kept:
    made = Kept("test shared answers", size=3, shared=True)
    yield made
    Kept._all.remove(made)


def another_process(*kept: Kept) -> None:
    """What another web process has: nothing in its own memory, the same shared cache."""
    for each in kept:
        each.clear()


def test_a_shared_answer_is_found_by_another_process(db, shared_kept, kept):
    compute = Counting()
    assert shared_kept.get("k", compute) == 1
    assert kept.get("k", compute) == 2
    another_process(shared_kept, kept)
    assert shared_kept.get("k", compute) == 1  # from the shared cache: not computed again
    assert kept.get("k", compute) == 3  # not shared: computed again
    generation.advance()
    another_process(shared_kept)
    assert shared_kept.get("k", compute) == 4  # the record changed: computed again


def test_a_shared_answer_expires_whatever_the_generation(db, shared_kept, monkeypatch):
    compute = Counting()
    clock = [1_000_000.0]
    monkeypatch.setattr(generation.time, "time", lambda: clock[0])
    shared_kept.get("k", compute)
    clock[0] += generation.MAX_AGE_SECONDS + 1
    another_process(shared_kept)
    assert shared_kept.get("k", compute) == 2


def test_a_shared_answer_kept_by_another_process_keeps_its_age(db, shared_kept, monkeypatch):
    compute = Counting()
    wall, steady = [1_000_000.0], [50.0]
    monkeypatch.setattr(generation.time, "time", lambda: wall[0])
    monkeypatch.setattr(generation.time, "monotonic", lambda: steady[0])
    shared_kept.get("k", compute)
    wall[0] += generation.MAX_AGE_SECONDS - 10
    steady[0] += generation.MAX_AGE_SECONDS - 10
    another_process(shared_kept)
    assert shared_kept.get("k", compute) == 1  # found, 10 s left to live
    wall[0] += 11
    steady[0] += 11
    assert shared_kept.get("k", compute) == 2  # not kept 300 s more by the second process


def test_a_shared_cache_that_fails_still_answers(db, shared_kept, monkeypatch):
    from django.core.cache import caches

    def broken(*args, **kwargs):
        raise ConnectionError("the shared cache is down")

    monkeypatch.setattr(caches[generation.SHARED_CACHE], "get", broken)
    monkeypatch.setattr(caches[generation.SHARED_CACHE], "set", broken)
    compute = Counting()
    assert shared_kept.get("k", compute) == 1
    another_process(shared_kept)
    assert shared_kept.get("k", compute) == 2


def test_nothing_shared_reaches_the_next_test(db, shared_kept):
    compute = Counting()
    shared_kept.get("k", compute)
    Kept.clear_all()  # as between tests
    assert shared_kept.get("k", compute) == 2


def test_a_question_page_opened_in_another_process_reads_what_the_first_computed(
    db, client, viewer
):
    old = add_question(
        "1",
        ASK + "how many schools have wildlife ponds in Surrey.",
        tabled=datetime.date(2024, 1, 1),
        answer="Forty.",
    )
    new = add_question("2", ASK + "how many schools in Surrey have wildlife ponds.")
    similar = f'href="/questions/{old.pk}/"'
    client.force_login(viewer)
    from django.db import connection as conn
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(conn) as first:
        page = client.get(f"/questions/{new.pk}/").content.decode()
    assert similar in page
    another_process(*Kept._all)
    with CaptureQueriesContext(conn) as second:
        again = client.get(f"/questions/{new.pk}/").content.decode()
    assert similar in again
    assert "how many schools in Surrey have wildlife ponds" in again
    # The question with its answers, its similar questions and near-duplicates are read from
    # the shared cache: only the request's own query (the user: ADR 20) is made again.
    record = [q["sql"] for q in first if "parliament_" in q["sql"] or "search_" in q["sql"]]
    assert len(record) >= 6
    assert [q["sql"] for q in second if "parliament_" in q["sql"] or "search_" in q["sql"]] == []


@pytest.mark.parametrize("path", ["/questions/?page=1", "/search/?q=ponds", "/search/"])
def test_a_page_whose_rows_are_kept_reads_no_question(db, client, viewer, path):
    """The rendered rows are kept: neither the rows nor their possible-duplicate flags are read
    again (the row tags need the ids alone, and the ids are kept)."""
    from django.db import connection as conn
    from django.test.utils import CaptureQueriesContext

    asked = [add_question(uin, ASK + f"how many schools have ponds ({uin}).") for uin in "123"]
    rows = [f'href="{question.get_absolute_url()}' for question in asked]
    client.force_login(viewer)
    first = client.get(path).content.decode()
    with CaptureQueriesContext(conn) as again:
        second = client.get(path).content.decode()
    assert all(row in first and row in second for row in rows)
    read = [q["sql"] for q in again if "parliament_writtenquestion" in q["sql"]]
    assert read == []
    assert [q["sql"] for q in again if "search_nearduplicate" in q["sql"]] == []


def test_a_request_reads_the_token_once_and_sees_its_own_writes(db):
    generation.request_began()
    try:
        first = generation.current()
        cache.set(generation._key("default"), "another-process-wrote")
        assert generation.current() == first  # one page, one generation
        generation.advance()  # this request's own write
        mine = generation.current()
        assert mine not in (first, "another-process-wrote")
        assert mine == cache.get(generation._key("default"))
    finally:
        generation.request_ended()
    cache.set(generation._key("default"), "after-the-request")
    assert generation.current() == "after-the-request"


def test_a_page_reads_the_token_once(db, client, viewer, monkeypatch):
    add_question("1", ASK + "how many schools have ponds.")
    client.force_login(viewer)
    client.get("/questions/")
    reads = []
    real_get = cache.get

    def counting_get(key, *args, **kwargs):  # type: ignore[no-untyped-def]
        if str(key).startswith("pqtracker:record-generation:"):
            reads.append(key)
        return real_get(key, *args, **kwargs)

    monkeypatch.setattr(cache, "get", counting_get)
    client.get("/questions/")
    client.get("/questions/")
    assert len(reads) == 2  # once a request, though the page asks for it several times


def test_the_shared_file_cache_counts_its_files_now_and_then_and_keeps_its_bound(tmp_path):
    shared = generation.SharedFileCache(str(tmp_path), {"OPTIONS": {"MAX_ENTRIES": 10}})
    shared.COUNT_EVERY = 5
    counted = []
    real = shared._list_cache_files

    def counting():  # type: ignore[no-untyped-def]
        counted.append(1)
        return real()

    shared._list_cache_files = counting  # type: ignore[method-assign]
    for n in range(40):
        shared.set(f"k{n}", n)
    assert len(counted) == 8  # every fifth set, not forty times
    assert len(real()) <= 10 + shared.COUNT_EVERY
    assert shared.get("k39") == 39


def test_each_topic_advances_by_itself(db):
    """A case moving on (answers' "cases" topic) keeps what was kept of the record, and the
    reverse."""
    record, cases = generation.current(), generation.current(topic="cases")
    kept_of_cases = Kept("test cases", size=3, topic="cases")
    try:
        counting = Counting()
        assert kept_of_cases.get("k", counting) == 1
        generation.advance()  # the record
        assert generation.current(topic="cases") == cases
        assert kept_of_cases.get("k", counting) == 1
        generation.advance(topic="cases")
        assert generation.current() != record
        assert generation.current(topic="cases") != cases
        assert kept_of_cases.get("k", counting) == 2
    finally:
        Kept._all.remove(kept_of_cases)
