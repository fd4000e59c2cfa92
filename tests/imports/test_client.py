"""The Parliament client against a real local HTTP server, including its faults."""

from __future__ import annotations

import datetime
import threading
import time
import urllib.parse

import pytest

from pqtracker.imports.client import (
    ParliamentClient,
    ParliamentRequestRejected,
    ParliamentUnavailable,
    RateLimiter,
    build_query,
)
from tests.imports.fake_parliament import FakeParliament


def question(qid: int, **overrides) -> dict:  # type: ignore[no-untyped-def]
    value = {
        "id": qid,
        "uin": str(qid - 1_000_000),
        "house": "Commons",
        "dateTabled": "2024-11-13T00:00:00",
        "dateForAnswer": "2024-11-18T00:00:00",
        "questionText": f"To ask the Secretary of State for Education, question {qid}.",
        "answeringBodyId": 60,
        "answeringBodyName": "Department for Education",
        "isWithdrawn": False,
        "dateAnswered": None,
        "dateAnswerCorrected": None,
        "answerText": None,
        "attachments": [],
    }
    value.update(overrides)
    return value


def query_of(path: str) -> dict[str, list[str]]:
    return urllib.parse.parse_qs(urllib.parse.urlsplit(path).query)


class RecordingSleep:
    def __init__(self) -> None:
        self.calls: list[float] = []

    def __call__(self, seconds: float) -> None:
        self.calls.append(seconds)


def test_build_query_maps_python_names_to_api_names() -> None:
    pairs = build_query(
        {
            "tabled_when_from": datetime.date(2024, 11, 1),
            "answered_when_to": datetime.datetime(2024, 11, 2, 13, 5),
            "answering_bodies": [60, 17],
            "uin": "7926",
            "include_withdrawn": False,
            "house": None,
        }
    )
    assert pairs == [
        ("tabledWhenFrom", "2024-11-01"),
        ("answeredWhenTo", "2024-11-02"),
        ("answeringBodies", "60"),
        ("answeringBodies", "17"),
        ("uIN", "7926"),
        ("includeWithdrawn", "false"),
    ]


def test_list_questions_sends_defaults_user_agent_and_returns_values(
    fake_parliament: FakeParliament, parliament_client: ParliamentClient, settings
) -> None:
    fake_parliament.set_questions([question(1_000_001), question(1_000_002)])
    total, values = parliament_client.list_questions(tabled_when_from=datetime.date(2024, 11, 13))
    assert total == 2
    assert [v["id"] for v in values] == [1_000_001, 1_000_002]
    sent = query_of(fake_parliament.requests[0])
    assert sent["sessionStatus"] == ["Any"]
    assert sent["includeWithdrawn"] == ["true"]
    assert sent["expandMember"] == ["true"]
    assert sent["tabledWhenFrom"] == ["2024-11-13"]
    assert sent["skip"] == ["0"] and sent["take"] == ["100"]
    assert fake_parliament.user_agents == [settings.PARLIAMENT_API_USER_AGENT]


def test_list_questions_defaults_can_be_overridden(
    fake_parliament: FakeParliament, parliament_client: ParliamentClient
) -> None:
    fake_parliament.set_questions([question(1_000_001), question(1_000_002, isWithdrawn=True)])
    total, _ = parliament_client.list_questions(include_withdrawn=False, expand_member=None)
    sent = query_of(fake_parliament.requests[0])
    assert sent["includeWithdrawn"] == ["false"]
    assert "expandMember" not in sent
    assert total == 1


def test_list_questions_filters_reach_the_server(
    fake_parliament: FakeParliament, parliament_client: ParliamentClient
) -> None:
    fake_parliament.set_questions(
        [
            question(1_000_001, answeringBodyId=60),
            question(1_000_002, answeringBodyId=17),
            question(1_000_003, answeringBodyId=54),
            question(1_000_004, answeringBodyId=60, dateTabled="2024-11-20T00:00:00"),
        ]
    )
    total, values = parliament_client.list_questions(
        answering_bodies=[60, 17], tabled_when_from="2024-11-13", tabled_when_to="2024-11-13"
    )
    assert total == 2
    assert sorted(v["id"] for v in values) == [1_000_001, 1_000_002]
    assert query_of(fake_parliament.requests[0])["answeringBodies"] == ["60", "17"]


def test_iter_questions_pages_until_total_is_reached(
    fake_parliament: FakeParliament, parliament_client: ParliamentClient
) -> None:
    fake_parliament.set_questions([question(1_000_000 + n) for n in range(1, 251)])
    ids = [v["id"] for v in parliament_client.iter_questions(answering_bodies=[60])]
    assert ids == [1_000_000 + n for n in range(1, 251)]
    skips = [query_of(path)["skip"][0] for path in fake_parliament.requests]
    assert skips == ["0", "100", "200"]


def test_iter_questions_stops_on_empty_page_and_dedupes_moved_rows(
    monkeypatch: pytest.MonkeyPatch, parliament_client: ParliamentClient
) -> None:
    # Rows shift while paging: 2 appears on both pages; the API also over-reports its total.
    pages = {0: [{"id": 1}, {"id": 2}], 2: [{"id": 2}, {"id": 3}], 4: []}
    calls: list[int] = []

    def fake_list(*, skip: int = 0, take: int = 100, **filters):  # type: ignore[no-untyped-def]
        calls.append(skip)
        return 99, pages[skip]

    monkeypatch.setattr(parliament_client, "list_questions", fake_list)
    assert [v["id"] for v in parliament_client.iter_questions()] == [1, 2, 3]
    assert calls == [0, 2, 4]


def test_get_question_returns_full_value_and_none_on_404(
    fake_parliament: FakeParliament, parliament_client: ParliamentClient
) -> None:
    long_text = "To ask " + "x" * 400
    fake_parliament.set_questions([question(1_000_001, questionText=long_text)])
    assert parliament_client.get_question(1_000_001)["questionText"] == long_text
    _, listed = parliament_client.list_questions()
    assert len(listed[0]["questionText"]) == 255
    assert parliament_client.get_question(1_999_999) is None
    # A 404 is an answer, not a fault: asked once, not retried.
    assert sum("1999999" in path for path in fake_parliament.requests) == 1


def test_get_question_by_uin_finds_by_date_and_uin(
    fake_parliament: FakeParliament, parliament_client: ParliamentClient
) -> None:
    fake_parliament.set_questions([question(1_000_001, uin="HL5669")])
    found = parliament_client.get_question_by_uin(datetime.date(2024, 11, 13), "HL5669")
    assert found["id"] == 1_000_001
    assert parliament_client.get_question_by_uin(datetime.date(2024, 11, 14), "HL5669") is None


def test_client_retries_server_errors_then_succeeds(
    fake_parliament: FakeParliament, settings
) -> None:
    sleep = RecordingSleep()
    client = ParliamentClient(sleep=sleep, backoff=0.5)
    fake_parliament.set_questions([question(1_000_001)])
    fake_parliament.fail_next(3, status=503)
    assert client.get_question(1_000_001)["id"] == 1_000_001
    assert len(fake_parliament.requests) == 4
    # Full jitter: each wait is within the doubling ceiling 0.5, 1, 2.
    assert len(sleep.calls) == 3
    for wait, ceiling in zip(sleep.calls, (0.5, 1.0, 2.0), strict=True):
        assert 0 <= wait <= ceiling


def test_client_gives_up_after_retries_with_one_line_reason(
    fake_parliament: FakeParliament,
) -> None:
    client = ParliamentClient(retries=2, sleep=RecordingSleep())
    fake_parliament.fail_next(10, status=500)
    with pytest.raises(ParliamentUnavailable) as caught:
        client.get_question(1_000_001)
    message = str(caught.value)
    assert "\n" not in message
    assert "3 attempts" in message
    assert "HTTP 500" in message
    assert "/api/writtenquestions/questions/1000001" in message
    assert len(fake_parliament.requests) == 3


def test_client_honours_retry_after_on_429(fake_parliament: FakeParliament) -> None:
    sleep = RecordingSleep()
    client = ParliamentClient(sleep=sleep, backoff=0.01)
    fake_parliament.set_questions([question(1_000_001)])
    fake_parliament.fail_next(1, status=429, retry_after="7")
    assert client.get_question(1_000_001)["id"] == 1_000_001
    assert sleep.calls == [7.0]


def test_client_retries_timeouts(fake_parliament: FakeParliament) -> None:
    client = ParliamentClient(timeout=0.2, sleep=RecordingSleep())
    fake_parliament.set_questions([question(1_000_001)])
    fake_parliament.timeout_next(1, seconds=1.0)
    started = time.monotonic()
    assert client.get_question(1_000_001)["id"] == 1_000_001
    assert time.monotonic() - started < 1.0
    assert len(fake_parliament.requests) == 2


def test_client_reports_timeouts_when_they_persist(fake_parliament: FakeParliament) -> None:
    client = ParliamentClient(timeout=0.1, retries=1, sleep=RecordingSleep())
    fake_parliament.timeout_next(2, seconds=0.5)
    with pytest.raises(ParliamentUnavailable, match="timed out"):
        client.get_member(4514)


def test_client_retries_malformed_json_and_error_bodies(fake_parliament: FakeParliament) -> None:
    client = ParliamentClient(sleep=RecordingSleep())
    fake_parliament.set_questions([question(1_000_001)])
    fake_parliament.malformed_next(1)
    fake_parliament.error_body_next(1)
    total, values = client.list_questions()
    assert (total, [v["id"] for v in values]) == (1, [1_000_001])
    assert len(fake_parliament.requests) == 3


def test_client_retries_a_truncated_body(fake_parliament: FakeParliament) -> None:
    client = ParliamentClient(sleep=RecordingSleep())
    fake_parliament.set_questions([question(1_000_001)])
    fake_parliament.truncate_next(1)
    assert client.list_questions()[0] == 1
    assert len(fake_parliament.requests) == 2


def test_client_gives_up_on_truncated_bodies_with_reason(fake_parliament: FakeParliament) -> None:
    client = ParliamentClient(retries=1, sleep=RecordingSleep())
    fake_parliament.truncate_next(2)
    with pytest.raises(ParliamentUnavailable, match="IncompleteRead"):
        client.list_questions()


def test_client_does_not_retry_a_bad_request(fake_parliament: FakeParliament) -> None:
    client = ParliamentClient(sleep=RecordingSleep())
    fake_parliament.fail_path("/api/writtenquestions/questions", 400)
    with pytest.raises(ParliamentRequestRejected, match="HTTP 400"):
        client.list_questions()
    assert len(fake_parliament.requests) == 1


def test_client_reports_connection_refused(settings) -> None:
    fake = FakeParliament()
    url = fake.questions_url
    fake.stop()  # nothing listens on the port now
    client = ParliamentClient(url, url, retries=1, sleep=RecordingSleep())
    with pytest.raises(ParliamentUnavailable, match="connection error"):
        client.list_questions()


def test_client_refuses_non_web_urls() -> None:
    with pytest.raises(ValueError, match="http or https"):
        ParliamentClient("file:///etc", "https://members-api.parliament.uk")


def test_members_endpoints_use_members_url(
    fake_parliament: FakeParliament, parliament_client
) -> None:
    fake_parliament.add_member(
        {"id": 4514, "nameDisplayAs": "Sir Keir Starmer"}, biography={"governmentPosts": []}
    )
    assert parliament_client.get_member(4514)["nameDisplayAs"] == "Sir Keir Starmer"
    assert parliament_client.get_member_biography(4514) == {"governmentPosts": []}
    assert parliament_client.get_member(1) is None
    assert parliament_client.get_member_biography(1) is None
    assert fake_parliament.requests[:2] == ["/api/Members/4514", "/api/Members/4514/Biography"]


def test_rate_limiter_spaces_requests_across_threads() -> None:
    # The limiter's own clock and sleep, stood in: each thread's start is the slot it was given
    # (the time it would wake), not when a busy machine happened to run it.
    now = 100.0
    starts: list[float] = []
    lock = threading.Lock()

    def sleep(seconds: float) -> None:
        with lock:
            starts.append(now + seconds)

    limiter = RateLimiter(20, clock=lambda: now, sleep=sleep)  # one start every 50 ms

    def worker() -> None:
        limiter.wait()

    threads = [threading.Thread(target=worker) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    # The first goes at once (no sleep); the other five get the next slots, one each.
    assert sorted(round(start - now, 6) for start in starts) == [0.05, 0.1, 0.15, 0.2, 0.25]


def test_client_rate_limit_applies_to_real_requests(fake_parliament: FakeParliament) -> None:
    client = ParliamentClient(max_rps=10)
    fake_parliament.set_questions([question(1_000_001)])
    started = time.monotonic()
    for _ in range(4):
        client.get_question(1_000_001)
    # The first request goes at once; the next three wait 100 ms each.
    assert time.monotonic() - started >= 0.28


def test_retry_after_accepts_seconds_and_http_dates() -> None:
    from email.utils import format_datetime

    from pqtracker.imports.client import _retry_after_seconds

    assert _retry_after_seconds("12") == 12.0
    later = datetime.datetime.now(datetime.UTC) + datetime.timedelta(seconds=30)
    assert 25 <= _retry_after_seconds(format_datetime(later, usegmt=True)) <= 30
    assert _retry_after_seconds("not a date") is None
    assert _retry_after_seconds(None) is None


def test_fake_listing_filters_answered_corrected_house_and_uin(
    fake_parliament: FakeParliament, parliament_client: ParliamentClient
) -> None:
    fake_parliament.set_questions(
        [
            question(1_000_001, dateAnswered="2024-11-20T00:00:00"),
            question(1_000_002, dateAnswered="2024-11-21T00:00:00", house="Lords", uin="HL12"),
            question(
                1_000_003,
                dateAnswered="2024-11-01T00:00:00",
                dateAnswerCorrected="2024-11-21T00:00:00",
            ),
            question(1_000_004),
        ]
    )

    def ids(**filters) -> list[int]:  # type: ignore[no-untyped-def]
        return sorted(v["id"] for v in parliament_client.iter_questions(**filters))

    assert ids(answered_when_from="2024-11-20", answered_when_to="2024-11-21") == [
        1_000_001,
        1_000_002,
    ]
    assert ids(corrected_when_from="2024-11-21", corrected_when_to="2024-11-21") == [1_000_003]
    assert ids(house="Lords") == [1_000_002]
    assert ids(uin="HL12") == [1_000_002]
    assert len(ids()) == 4


def test_fake_fail_path_can_be_cleared(
    fake_parliament: FakeParliament, parliament_client: ParliamentClient
) -> None:
    fake_parliament.set_questions([question(1_000_001)])
    fake_parliament.fail_path("/questions/1000001", 404)
    assert parliament_client.get_question(1_000_001) is None
    fake_parliament.fail_path("/questions/1000001", None)
    assert parliament_client.get_question(1_000_001)["id"] == 1_000_001


def test_client_says_before_each_retry_what_it_is_waiting_for(
    fake_parliament: FakeParliament,
) -> None:
    """The imports page's live panel shows it ("Waiting for Parliament's API, retry 2 of 5")."""
    client = ParliamentClient(retries=2, sleep=RecordingSleep())
    notes: list[tuple[int, int, str]] = []
    client.on_retry = lambda retry, retries, reason: notes.append((retry, retries, reason))
    fake_parliament.fail_next(10, status=503)
    with pytest.raises(ParliamentUnavailable) as caught:
        client.get_question(1_000_001)
    assert notes == [(1, 2, "HTTP 503"), (2, 2, "HTTP 503")]
    assert caught.value.attempts == 3 and caught.value.reason == "HTTP 503"
