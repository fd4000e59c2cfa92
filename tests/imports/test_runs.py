"""Import runs against the fake Parliament serving real recorded records."""

from __future__ import annotations

import datetime

import pytest

from pqtracker.imports import runs
from pqtracker.parliament.models import (
    ImportRun,
    ImportRunStatus,
    QuarantinedRecord,
    QuestionChange,
    QuestionStatus,
    WrittenQuestion,
)
from tests.imports import support_runs as support

pytestmark = [pytest.mark.django_db, pytest.mark.shared]


def run_range(since: datetime.date, until: datetime.date, **kwargs) -> ImportRun:  # type: ignore[no-untyped-def]
    run = runs.start_run(kind=ImportRun.Kind.RANGE, since=since, until=until)
    return runs.execute_run(run_id=run.pk, **kwargs)


SLICE_SINCE, SLICE_UNTIL = datetime.date(2024, 11, 11), datetime.date(2024, 11, 14)


def test_execute_run_first_import_of_slice_creates_every_question(fake_parliament, parliament_data):
    details = support.slice_details(parliament_data)
    fake_parliament.set_questions(details)

    run = run_range(SLICE_SINCE, SLICE_UNTIL)

    assert run.status == ImportRunStatus.SUCCEEDED, run.error
    assert (run.new_count, run.updated_count, run.failed_count) == (50, 0, 0)
    assert WrittenQuestion.objects.count() == 50
    assert run.items_processed == run.items_total >= 50
    assert [w["kind"] for w in run.windows] == ["tabled", "answered", "corrected"]
    assert run.started_at and run.finished_at and run.heartbeat_at
    # The full text from /questions/{id}, not the 255-character listing preview.
    longest = max(details, key=lambda v: len(v["questionText"]))
    stored = WrittenQuestion.objects.get(parliament_id=longest["id"])
    assert stored.question_text == longest["questionText"].strip()
    assert len(stored.question_text) > 255
    assert WrittenQuestion.objects.filter(is_named_day=True).count() == sum(
        1 for v in details if v["isNamedDay"]
    )
    assert not QuestionChange.objects.exists()  # a first sighting is not a change


@pytest.mark.parametrize("write_batch", [2, 500])
def test_execute_run_writes_questions_found_only_by_answered_window(
    fake_parliament, parliament_data, settings, write_batch
):
    """Answered in the range, tabled before it: only the answered window lists them."""
    settings.IMPORT_WRITE_BATCH = write_batch
    details = support.file_details(parliament_data, "list_items_dfe_send.json")
    answered = [
        v
        for v in details
        if v.get("dateAnswered") and v["dateAnswered"][:10] > v["dateTabled"][:10]
    ]
    day = max(datetime.date.fromisoformat(v["dateAnswered"][:10]) for v in answered)
    expected = {
        v["id"]
        for v in answered
        if datetime.date.fromisoformat(v["dateAnswered"][:10]) == day
        and datetime.date.fromisoformat(v["dateTabled"][:10]) < day
    }
    assert expected, "the slice has questions answered after the day they were tabled"
    fake_parliament.set_questions(details)

    run = run_range(day, day)

    assert run.status == ImportRunStatus.SUCCEEDED, run.error
    stored = set(WrittenQuestion.objects.values_list("parliament_id", flat=True))
    assert expected <= stored
    assert run.new_count == len(stored)


def test_execute_run_unchanged_listing_fetches_no_details(fake_parliament, parliament_data):
    fake_parliament.set_questions(support.slice_details(parliament_data))
    run_range(SLICE_SINCE, SLICE_UNTIL)
    fake_parliament.requests.clear()

    run = run_range(SLICE_SINCE, SLICE_UNTIL)

    assert run.status == ImportRunStatus.SUCCEEDED
    assert (run.new_count, run.updated_count, run.unchanged_count) == (0, 0, 50)
    detail_requests = [r for r in fake_parliament.requests if "/questions/1" in r]
    assert detail_requests == []
    assert not QuestionChange.objects.exists()


def test_execute_run_reimport_applies_every_timeline_case(fake_parliament, parliament_data):
    snapshots = support.timeline_snapshots(parliament_data)
    every = [v for _, values in snapshots for v in values]
    since, until = support.date_range(every)
    seen_runs = []
    for _day, values in snapshots:
        fake_parliament.set_questions(values)
        run = run_range(since, until)
        assert run.status == ImportRunStatus.SUCCEEDED, run.error
        seen_runs.append(run)

    final = support.final_versions(parliament_data)
    assert WrittenQuestion.objects.count() == len(final)  # never a duplicate

    def changes(qid: int, field: str) -> list[tuple[str, str]]:
        return list(
            QuestionChange.objects.filter(question__parliament_id=qid, field=field).values_list(
                "old_value", "new_value"
            )
        )

    # Heading added, then the answer.
    assert changes(1738743, "heading") == [("", "Special Educational Needs: Epilepsy")]
    assert WrittenQuestion.objects.get(parliament_id=1738743).status == QuestionStatus.ANSWERED
    # Holding answer replaced by the substantive answer: both kept.
    held = WrittenQuestion.objects.get(parliament_id=1740104)
    versions = list(held.answers.order_by("id"))
    assert [(a.is_holding, a.is_current) for a in versions] == [(True, False), (False, True)]
    assert versions[1].date_holding_answer == datetime.date(2024, 11, 12)
    assert versions[1].date_answered == datetime.date(2024, 11, 14)
    assert held.status == QuestionStatus.ANSWERED
    # Correction keeps the original answer text.
    corrected = WrittenQuestion.objects.get(parliament_id=1725947)
    original, correction = corrected.answers.order_by("id")
    assert correction.is_correction and correction.is_current and not original.is_current
    assert correction.original_answer_text == original.answer_text != ""
    assert correction.date_corrected == datetime.date(2024, 11, 26)
    assert corrected.status == QuestionStatus.CORRECTED
    # Tabled date moved: the same row, the move recorded.
    moved = WrittenQuestion.objects.get(parliament_id=1746478)
    assert moved.date_tabled == datetime.date(2024, 12, 5)
    assert changes(1746478, "date_tabled") == [("2024-12-03", "2024-12-05")]
    # Heading changed after the answer.
    assert changes(1726256, "heading") == [("Wildlife: Crime", "Nature Conservation: Crime")]
    # Transfers out of and into the department are answering_body changes.
    out = changes(1741647, "answering_body")
    assert out == [("Department for Education", "Ministry of Justice")]
    into = changes(1741552, "answering_body")
    assert len(into) == 1 and into[0][1] == "Department for Education"
    assert QuestionChange.objects.get(
        question__parliament_id=1741647, field="answering_body"
    ).is_transfer
    # Disappeared, and the detail 404s: withdrawn, not deleted.
    gone = WrittenQuestion.objects.get(parliament_id=support.WITHDRAWN_ID)
    assert gone.is_withdrawn and gone.status == QuestionStatus.WITHDRAWN
    assert changes(support.WITHDRAWN_ID, "is_withdrawn") == [("No", "Yes")]
    assert sum(r.withdrawn_count for r in seen_runs) == 1
    # Every change names the run that saw it.
    assert not QuestionChange.objects.filter(import_run__isnull=True).exists()


def test_execute_run_grouped_and_named_day_questions(fake_parliament, parliament_data):
    values = support.file_details(parliament_data, "list_items_dfe_send.json")
    fake_parliament.set_questions(values)
    since, until = support.date_range(values)

    run = run_range(since, until)

    assert run.status == ImportRunStatus.SUCCEEDED, run.error
    first = WrittenQuestion.objects.get(parliament_id=1675852)
    links = {link.uin: link.grouped_question for link in first.group_links.all()}
    assert set(links) == {"5525", "5526", "5527"}
    assert {q.parliament_id for q in links.values()} == {1675853, 1675854, 1675855}
    partner = WrittenQuestion.objects.get(parliament_id=1741638).group_links.get()
    assert partner.uin == "14276" and partner.grouped_question is None  # not in the data
    assert WrittenQuestion.objects.get(parliament_id=1677364).is_named_day
    assert WrittenQuestion.objects.get(parliament_id=1722634).member_has_interest


def test_execute_run_retries_server_errors_and_timeouts(fake_parliament, parliament_data, settings):
    settings.PARLIAMENT_API_TIMEOUT_SECONDS = 0.5
    fake_parliament.set_questions(support.slice_details(parliament_data))
    fake_parliament.fail_next(2, status=500)
    fake_parliament.fail_next(1, status=503)
    fake_parliament.timeout_next(1, seconds=1.5)
    fake_parliament.malformed_next(1)

    run = run_range(SLICE_SINCE, SLICE_UNTIL)

    assert run.status == ImportRunStatus.SUCCEEDED, run.error
    assert run.new_count == 50 and WrittenQuestion.objects.count() == 50


def test_execute_run_quarantines_malformed_record_and_goes_on(fake_parliament, parliament_data):
    details = support.slice_details(parliament_data)
    bad_id = details[3]["id"]
    details[3]["dateTabled"] = "2024-11-12T00:00:00"  # keep it in a window
    details[3]["house"] = "Parliament of Mars"
    fake_parliament.set_questions(details)

    run = run_range(SLICE_SINCE, SLICE_UNTIL)

    assert run.status == ImportRunStatus.SUCCEEDED_WITH_ERRORS
    assert run.failed_count == 1 and run.new_count == 49
    quarantined = QuarantinedRecord.objects.get(import_run=run)
    assert quarantined.parliament_id == bad_id
    assert "house" in quarantined.reason
    assert "Parliament of Mars" in quarantined.payload
    assert not WrittenQuestion.objects.filter(parliament_id=bad_id).exists()


def test_execute_run_quarantines_detail_that_keeps_failing(fake_parliament, parliament_data):
    details = support.slice_details(parliament_data)
    bad_id = details[0]["id"]
    fake_parliament.set_questions(details)
    fake_parliament.fail_path(f"/questions/{bad_id}", 500)

    run = run_range(SLICE_SINCE, SLICE_UNTIL)

    assert run.status == ImportRunStatus.SUCCEEDED_WITH_ERRORS
    assert run.new_count == 49
    assert "HTTP 500" in QuarantinedRecord.objects.get(parliament_id=bad_id).reason


def test_execute_run_unreachable_api_fails_with_one_line(fake_parliament, settings):
    settings.PARLIAMENT_QUESTIONS_API_URL = "http://127.0.0.1:9"  # nothing listens there
    settings.PARLIAMENT_API_RETRIES = 1

    run = run_range(SLICE_SINCE, SLICE_SINCE)

    assert run.status == ImportRunStatus.FAILED
    assert "did not answer properly" in run.error and "\n" not in run.error
    assert run.finished_at is not None


# Batches of one record, of a few (a kill lands with fetched records not yet written) and of
# many (every window written at its end).
@pytest.mark.parametrize("write_batch", [1, 3, 500])
def test_execute_run_interrupted_then_rerun_equals_uninterrupted(
    fake_parliament, parliament_data, settings, write_batch
):
    settings.IMPORT_WRITE_BATCH = write_batch
    snapshots = support.timeline_snapshots(parliament_data)
    every = [v for _, values in snapshots for v in values]
    since, until = support.date_range(every)
    slice_values = support.slice_details(parliament_data)
    first = snapshots[0][1] + slice_values
    later = snapshots[-1][1] + slice_values

    def scenario(interrupt: bool) -> dict:
        fake_parliament.set_questions(first)
        assert run_range(since, until).status == ImportRunStatus.SUCCEEDED
        fake_parliament.set_questions(later)
        if interrupt:
            # An exception mid-page: the run fails, the pages before it are kept.
            failed = run_range(since, until, client=support.KillingClient(after=3))
            assert failed.status == ImportRunStatus.FAILED and "killed" in failed.error
            # The process dies mid-run: the run stays RUNNING; once stale, it is taken over.
            run = runs.start_run(kind=ImportRun.Kind.RANGE, since=since, until=until)
            with pytest.raises(support.Killed):
                runs.execute_run(
                    run_id=run.pk, client=support.KillingClient(after=2, error=support.Killed)
                )
            assert ImportRun.objects.get(pk=run.pk).status == ImportRunStatus.RUNNING
            ImportRun.objects.filter(pk=run.pk).update(
                heartbeat_at=datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC)
            )
            resumed = runs.execute_run(run_id=run.pk)
            assert resumed.status == ImportRunStatus.SUCCEEDED, resumed.error
        else:
            assert run_range(since, until).status == ImportRunStatus.SUCCEEDED
        return support.dump_state()

    uninterrupted = scenario(interrupt=False)
    assert uninterrupted["changes"]  # the later snapshot did change things
    WrittenQuestion.objects.all().delete()
    ImportRun.objects.all().delete()

    assert scenario(interrupt=True) == uninterrupted


def test_start_run_refuses_second_import_while_one_is_active(db):
    first = runs.start_run(kind=ImportRun.Kind.INCREMENTAL)

    with pytest.raises(runs.ImportInProgress) as raised:
        runs.start_run(kind=ImportRun.Kind.INCREMENTAL)

    assert raised.value.run == first
    assert ImportRun.objects.count() == 1


def test_execute_run_does_not_start_while_another_runs(fake_parliament):
    running = ImportRun.objects.create(
        kind=ImportRun.Kind.INCREMENTAL,
        status=ImportRunStatus.RUNNING,
        heartbeat_at=datetime.datetime.now(datetime.UTC),
    )
    queued = ImportRun.objects.create(
        kind=ImportRun.Kind.RANGE, since=SLICE_SINCE, until=SLICE_UNTIL, windows=[]
    )

    result = runs.execute_run(run_id=queued.pk)

    assert result.status == ImportRunStatus.FAILED
    assert f"import {running.pk} was already running" in result.error
    assert fake_parliament.requests == []
    running.refresh_from_db()
    assert running.status == ImportRunStatus.RUNNING


def test_execute_run_takes_over_a_stale_run(fake_parliament, parliament_data):
    fake_parliament.set_questions(support.slice_details(parliament_data))
    dead = ImportRun.objects.create(
        kind=ImportRun.Kind.INCREMENTAL,
        status=ImportRunStatus.RUNNING,
        heartbeat_at=datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC),
    )

    run = run_range(SLICE_SINCE, SLICE_UNTIL)

    assert run.status == ImportRunStatus.SUCCEEDED
    dead.refresh_from_db()
    assert dead.status == ImportRunStatus.FAILED
    assert f"import {run.pk} took over" in dead.error


def test_execute_run_finished_run_is_not_run_again(fake_parliament, parliament_data):
    fake_parliament.set_questions(support.slice_details(parliament_data))
    run = run_range(SLICE_SINCE, SLICE_UNTIL)
    fake_parliament.requests.clear()

    again = runs.execute_run(run_id=run.pk)

    assert again.status == ImportRunStatus.SUCCEEDED and again.new_count == 50
    assert fake_parliament.requests == []


def test_start_run_incremental_windows_overlap_last_success(db, settings):
    settings.IMPORT_OVERLAP_DAYS = 3
    settings.IMPORT_FIRST_RUN_DAYS = 7
    today = datetime.date.today()
    first = runs.start_run(kind=ImportRun.Kind.INCREMENTAL)
    assert (first.since, first.until) == (today - datetime.timedelta(days=7), today)
    ImportRun.objects.filter(pk=first.pk).update(
        status=ImportRunStatus.SUCCEEDED, until=today - datetime.timedelta(days=1)
    )

    second = runs.start_run(kind=ImportRun.Kind.INCREMENTAL)

    assert second.since == today - datetime.timedelta(days=4)
    assert {w["from"] for w in second.windows} == {second.since.isoformat()}


def test_execute_run_incremental_asks_each_window_by_day(fake_parliament, settings):
    settings.IMPORT_FIRST_RUN_DAYS = 1
    run = runs.execute_run(run_id=runs.start_run(kind=ImportRun.Kind.INCREMENTAL).pk)

    assert run.status == ImportRunStatus.SUCCEEDED
    listings = [r for r in fake_parliament.requests if "/questions?" in r]
    assert len(listings) == 6  # three kinds, two days each
    for kind in ("tabledWhenFrom", "answeredWhenFrom", "correctedWhenFrom"):
        assert sum(kind in r for r in listings) == 2
    assert all("take=100" in r and "skip=0" in r for r in listings)
    assert not any("answeringBodies" in r or "house=" in r for r in listings)


def test_execute_run_saves_progress_while_fetching_details(fake_parliament, parliament_data):
    from pqtracker.imports.client import ParliamentClient

    seen: list[tuple[int, object]] = []

    class Watching(ParliamentClient):
        def get_question(self, question_id: int) -> dict | None:
            row = ImportRun.objects.values_list("items_processed", "heartbeat_at").get()
            seen.append(row)
            return super().get_question(question_id)

    fake_parliament.set_questions(support.slice_details(parliament_data))
    run_range(SLICE_SINCE, SLICE_UNTIL, client=Watching())

    # The page poll sees the run move while its details are fetched, not only between pages.
    assert len({heartbeat for _, heartbeat in seen}) >= 4
    assert seen[-1][0] > 0


def test_execute_run_never_withdraws_demo_questions(fake_parliament):
    from tests.factories import WrittenQuestionFactory

    demo = WrittenQuestionFactory(parliament_id=900_000_001, source="demo", date_tabled=SLICE_SINCE)
    api = WrittenQuestionFactory(parliament_id=1_741_000, source="api", date_tabled=SLICE_SINCE)

    run = run_range(SLICE_SINCE, SLICE_SINCE)

    assert run.withdrawn_count == 1
    demo.refresh_from_db()
    api.refresh_from_db()
    assert not demo.is_withdrawn and api.is_withdrawn
    assert api.missing_since is not None and demo.missing_since is None
    assert not any("900000001" in r for r in fake_parliament.requests)
