"""Import runs: the incremental import and date-range imports from the Written Questions API.

A run lists three kinds of day-sized window (tabled, answered, corrected; both Houses, every
answering body), pages each with ``take=100``/``skip``, and fetches ``/questions/{id}`` only for
items whose listing fingerprint differs from the one we hold. Fetched records are written in
batches (up to ``IMPORT_WRITE_BATCH``, and always before a day is reconciled), each in one
transaction with their fingerprints, so a run killed anywhere and run again re-reads the same
windows and ends in the same state as one that was never interrupted.

Only one import runs at a time: a run is the lock while it is RUNNING and its heartbeat is fresh;
the step that takes it is serialised (SQLite's IMMEDIATE transactions, a PostgreSQL advisory lock).
"""

from __future__ import annotations

import datetime
import json
import logging
from collections.abc import Callable, Iterator
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Q, QuerySet
from django.db.models.functions import Coalesce
from django.utils import timezone

from pqtracker.imports import activity, failures
from pqtracker.imports.client import PAGE_SIZE, ParliamentClient, ParliamentUnavailable
from pqtracker.imports.parsing import MalformedRecord, preview_fingerprint, question_record_from_api
from pqtracker.parliament import batch, services
from pqtracker.parliament.models import (
    ImportRun,
    ImportRunStatus,
    QuarantinedRecord,
    QuestionChange,
    QuestionSource,
    QuestionStatus,
    WrittenQuestion,
)
from pqtracker.parliament.records import QuestionRecord
from pqtracker.parliament.rules import Outcome, UpsertResult

logger = logging.getLogger(__name__)

WINDOW_KINDS = ("tabled", "answered", "corrected")
ACTIVE = (ImportRunStatus.QUEUED, ImportRunStatus.RUNNING)
# An arbitrary constant naming the import lock among PostgreSQL advisory locks.
_ADVISORY_LOCK_KEY = 7_302_415
# Detail requests that fail after all retries, one after another, mean Parliament is down.
_MAX_DETAIL_FAILURES_IN_A_ROW = 3
_BEAT_EVERY_DETAILS = 10

Progress = Callable[[ImportRun], None]


class ImportInProgress(Exception):
    def __init__(self, run: ImportRun) -> None:
        super().__init__(f"Import {run.pk} is already {run.get_status_display().lower()}.")
        self.run = run


class LockLost(Exception):
    """Another process took the run over (our heartbeat had gone stale)."""


def _lock_ttl() -> timedelta:
    return timedelta(seconds=settings.IMPORT_LOCK_TTL_SECONDS)


def _serialise() -> None:
    """Inside a transaction: wait for any other process taking or starting an import."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_ADVISORY_LOCK_KEY])
    # SQLite: settings open every transaction IMMEDIATE, which already takes the write lock.


def _live_runs() -> QuerySet[ImportRun]:
    cutoff = timezone.now() - _lock_ttl()
    return ImportRun.objects.alias(alive=Coalesce("heartbeat_at", "created_at")).filter(
        status__in=ACTIVE, alive__gte=cutoff
    )


def active_run() -> ImportRun | None:
    """The queued or running import that still shows signs of life, if any."""
    return _live_runs().order_by("-created_at").first()


def last_successful_run() -> ImportRun | None:
    return (
        ImportRun.objects.filter(
            kind=ImportRun.Kind.INCREMENTAL,
            status__in=(ImportRunStatus.SUCCEEDED, ImportRunStatus.SUCCEEDED_WITH_ERRORS),
        )
        .order_by("-created_at", "-id")
        .first()
    )


def incremental_dates(today: datetime.date | None = None) -> tuple[datetime.date, datetime.date]:
    today = today or timezone.localdate()
    last = last_successful_run()
    if last is None or last.until is None:
        return today - timedelta(days=settings.IMPORT_FIRST_RUN_DAYS), today
    since = last.until - timedelta(days=settings.IMPORT_OVERLAP_DAYS)
    return min(since, today), today


def start_run(
    *,
    kind: str,
    requested_by: Any | None = None,
    since: datetime.date | None = None,
    until: datetime.date | None = None,
) -> ImportRun:
    """Create a queued run with its windows fixed, unless an import is already active.

    Windows are fixed here, not when the run executes, so a rerun reads the same ones.
    Raises ImportInProgress (with the active run) rather than start a second import.
    """
    today = timezone.localdate()
    with transaction.atomic():
        _serialise()
        active = active_run()
        if active is not None:
            raise ImportInProgress(active)
        if kind == ImportRun.Kind.RANGE:
            if since is None:
                raise ValueError("A date-range import needs a start date.")
            until = until or today
        else:
            kind = ImportRun.Kind.INCREMENTAL
            if since is None:
                since, until = incremental_dates(today)
            until = until or today
        if until < since:
            raise ValueError("The end date must not be before the start date.")
        windows = [
            {"kind": k, "from": since.isoformat(), "to": until.isoformat()} for k in WINDOW_KINDS
        ]
        return ImportRun.objects.create(
            kind=kind, requested_by=requested_by, since=since, until=until, windows=windows
        )


def _acquire(run: ImportRun) -> bool:
    """Take the import lock for ``run``; stale runs of dead workers are closed on the way."""
    now = timezone.now()
    cutoff = now - _lock_ttl()
    with transaction.atomic():
        _serialise()
        live = _live_runs().exclude(pk=run.pk).filter(status=ImportRunStatus.RUNNING)
        if live.exists():
            return False
        stale = ImportRun.objects.filter(status__in=ACTIVE).exclude(pk=run.pk)
        stale = stale.alias(alive=Coalesce("heartbeat_at", "created_at")).filter(alive__lt=cutoff)
        stale.update(
            status=ImportRunStatus.FAILED,
            finished_at=now,
            error=f"Stopped without finishing (no sign of life for "
            f"{settings.IMPORT_LOCK_TTL_SECONDS} seconds); import {run.pk} took over.",
        )
        # Our own run may be RUNNING already (a worker died and the task came back): take it over
        # only once its heartbeat is stale, so two workers never run it at once.
        mine = ImportRun.objects.filter(pk=run.pk).filter(
            Q(status=ImportRunStatus.QUEUED)
            | Q(status=ImportRunStatus.RUNNING, heartbeat_at__lt=cutoff)
            | Q(status=ImportRunStatus.RUNNING, heartbeat_at__isnull=True)
        )
        return bool(
            mine.update(
                status=ImportRunStatus.RUNNING,
                started_at=now,
                heartbeat_at=now,
                finished_at=None,
                error="",
                items_total=0,
                items_processed=0,
                new_count=0,
                updated_count=0,
                unchanged_count=0,
                failed_count=0,
                withdrawn_count=0,
            )
        )


def execute_run(
    *, run_id: int, client: ParliamentClient | None = None, progress: Progress | None = None
) -> ImportRun:
    """Run a queued import to the end. A finished run is returned untouched (safe to rerun)."""
    run = ImportRun.objects.get(pk=run_id)
    if not run.is_active:
        return run
    if not _acquire(run):
        run.refresh_from_db()
        if run.status == ImportRunStatus.QUEUED:
            other = _live_runs().exclude(pk=run.pk).filter(status=ImportRunStatus.RUNNING).first()
            ImportRun.objects.filter(pk=run.pk, status=ImportRunStatus.QUEUED).update(
                status=ImportRunStatus.FAILED,
                finished_at=timezone.now(),
                error=f"Not started: import {other.pk if other else ''} was already running.",
            )
            run.refresh_from_db()
        return run
    run.refresh_from_db()
    importer = _Importer(run, client or ParliamentClient(), progress)
    importer.client.on_retry = activity.retrying(run.pk)
    try:
        importer.execute()
    except LockLost:
        logger.warning("Import %s was taken over by another process", run.pk)
        run.refresh_from_db()
        return run
    except ParliamentUnavailable as error:
        logger.warning("Import %s failed: %s", run.pk, error)
        importer.flush()  # what was fetched before Parliament went away is good: keep it
        importer.finish(ImportRunStatus.FAILED, failures.describe(error))
    except Exception as error:
        logger.exception("Import %s failed", run.pk)
        importer.finish(ImportRunStatus.FAILED, failures.describe(error))
    else:
        status = (
            ImportRunStatus.SUCCEEDED_WITH_ERRORS if run.failed_count else ImportRunStatus.SUCCEEDED
        )
        importer.finish(status, "")
    finally:
        activity.clear(run.pk)
    run.refresh_from_db()
    return run


def _one_line(text: str) -> str:
    return " ".join(text.split())[:1000]


def _days(since: datetime.date, until: datetime.date) -> Iterator[datetime.date]:
    day = since
    while day <= until:
        yield day
        day += timedelta(days=1)


class _Importer:
    """The state of one executing run: counts, what it has seen, and its client."""

    def __init__(self, run: ImportRun, client: ParliamentClient, progress: Progress | None) -> None:
        self.run = run
        self.client = client
        self.progress = progress
        self.done: set[int] = set()  # ids handled in this run: each counts once
        # Fetched, parsed, not yet written: API id -> (record, listing fingerprint).
        self.pending: dict[int, tuple[QuestionRecord, str]] = {}
        self.detail_failures = 0

    def execute(self) -> None:
        since, until = self.run.since, self.run.until
        assert since is not None and until is not None
        for kind in WINDOW_KINDS:
            for day in _days(since, until):
                self.window(kind, day)
        self.flush()

    # --- Listing ------------------------------------------------------------------------------
    def window(self, kind: str, day: datetime.date) -> None:
        filters = {f"{kind}_when_from": day, f"{kind}_when_to": day}
        listed: set[int] = set()
        skip = 0
        while True:
            total, values = self.client.list_questions(skip=skip, take=PAGE_SIZE, **filters)
            if skip == 0:
                self.run.items_total += total
            if not values:
                break
            self.page(values, listed)
            skip += PAGE_SIZE
            if skip >= total:
                break
        if kind == "tabled":
            self.flush()  # reconciling the day needs everything listed on it written
            self.reconcile(day, listed)

    def page(self, values: list[dict], listed: set[int]) -> None:
        fingerprints: dict[int, str] = {}
        raw: dict[int, dict] = {}
        for value in values:
            self.run.items_processed += 1
            parliament_id = value.get("id") if isinstance(value, dict) else None
            if not isinstance(parliament_id, int) or isinstance(parliament_id, bool):
                self.quarantine(value, None, "Listing item has no numeric id")
                continue
            listed.add(parliament_id)
            if parliament_id in self.done:
                continue
            fingerprints[parliament_id] = preview_fingerprint(value)
            raw[parliament_id] = value
        held = dict(
            WrittenQuestion.objects.filter(parliament_id__in=fingerprints).values_list(
                "parliament_id", "listing_fingerprint"
            )
        )
        unchanged = {pid for pid, print_ in fingerprints.items() if held.get(pid) == print_}
        records = []
        fetched = 0
        for parliament_id in fingerprints:
            if parliament_id in unchanged:
                continue
            record = self.fetch_record(parliament_id, raw[parliament_id])
            if record is not None:
                records.append(record)
            fetched += 1
            if fetched % _BEAT_EVERY_DETAILS == 0:
                self.beat()  # a page of details takes a while at Parliament's request rate
        now = timezone.now()
        if unchanged:
            WrittenQuestion.objects.filter(parliament_id__in=unchanged).update(
                last_seen_at=now, missing_since=None
            )
        self.done.update(unchanged)
        self.run.unchanged_count += len(unchanged)
        for record in records:
            assert record.parliament_id is not None  # question_record_from_api requires one
            self.pending[record.parliament_id] = (record, fingerprints[record.parliament_id])
        # Queued for this run's write: a later window listing it again has nothing to add.
        self.done.update(self.pending)
        if len(self.pending) >= settings.IMPORT_WRITE_BATCH:
            self.flush()
        else:
            self.beat()

    def flush(self) -> None:
        """Write the fetched records and their fingerprints in one transaction.

        Records from several listing pages go together (up to IMPORT_WRITE_BATCH): one commit
        and one statement per table for all of them. A run killed before the flush has not
        stored their fingerprints, so the rerun fetches and writes them again.
        """
        if not self.pending:
            return
        records = [record for record, _ in self.pending.values()]
        fingerprints = {pid: print_ for pid, (_, print_) in self.pending.items()}
        results = batch.upsert_questions(
            records=records,
            source=QuestionChange.Source.API,
            import_run=self.run,
            seen_at=timezone.now(),
            fingerprints=fingerprints,
        )
        self.pending.clear()
        self.count(results)
        self.beat()

    def fetch_record(self, parliament_id: int, listing: dict) -> QuestionRecord | None:
        try:
            detail = self.client.get_question(parliament_id)
        except ParliamentUnavailable as error:
            self.detail_failures += 1
            if self.detail_failures >= _MAX_DETAIL_FAILURES_IN_A_ROW:
                raise
            self.quarantine(
                listing, parliament_id, f"Detail request failed: {_one_line(str(error))}"
            )
            return None
        self.detail_failures = 0
        if detail is None:
            self.quarantine(
                listing,
                parliament_id,
                f"Listed, but /questions/{parliament_id} returned 404 Not Found",
            )
            return None
        try:
            return question_record_from_api(detail, full_text=True)
        except MalformedRecord as error:
            self.quarantine(detail, parliament_id, str(error))
            return None

    # --- Withdrawals --------------------------------------------------------------------------
    def reconcile(self, day: datetime.date, listed: set[int]) -> None:
        """Questions of ours tabled on ``day`` that the full listing of that day no longer shows.

        A 404 from the detail means withdrawn (marked, never deleted); otherwise the detail
        says what happened (a tabled date that moved, say) and is written like any other.
        """
        missing = (
            WrittenQuestion.objects.filter(
                date_tabled=day,
                parliament_id__isnull=False,
                is_withdrawn=False,
                status=QuestionStatus.UNANSWERED,
            )
            .exclude(parliament_id__in=listed)
            # Demo questions carry invented ids that Parliament has never heard of.
            .exclude(source=QuestionSource.DEMO)
            .order_by("parliament_id")
        )
        for question in missing:
            assert question.parliament_id is not None  # filtered on parliament_id__isnull=False
            if question.parliament_id in self.done:
                continue
            detail = self.client.get_question(question.parliament_id)
            self.done.add(question.parliament_id)
            if detail is None:
                WrittenQuestion.objects.filter(pk=question.pk, missing_since__isnull=True).update(
                    missing_since=timezone.now()
                )
                if services.mark_withdrawn(
                    question=question, source=QuestionChange.Source.API, import_run=self.run
                ):
                    self.run.withdrawn_count += 1
                continue
            try:
                record = question_record_from_api(detail, full_text=True)
            except MalformedRecord as error:
                self.quarantine(detail, question.parliament_id, str(error))
                continue
            with transaction.atomic():
                results = batch.upsert_questions(
                    records=[record], source=QuestionChange.Source.API, import_run=self.run
                )
                # The next listing that shows it must fetch its detail again.
                WrittenQuestion.objects.filter(pk=question.pk).update(listing_fingerprint="")
            self.count(results)
        self.beat()

    # --- Book-keeping -------------------------------------------------------------------------
    def quarantine(self, payload: Any, parliament_id: int | None, reason: str) -> None:
        QuarantinedRecord.objects.create(
            import_run=self.run,
            parliament_id=parliament_id,
            payload=json.dumps(payload, ensure_ascii=False, indent=1, default=str),
            reason=reason,
        )
        if parliament_id is not None:
            self.done.add(parliament_id)
        self.run.failed_count += 1

    def count(self, results: list[UpsertResult]) -> None:
        for result in results:
            if result.outcome is Outcome.NEW:
                self.run.new_count += 1
            elif result.outcome is Outcome.UPDATED:
                self.run.updated_count += 1
            else:
                self.run.unchanged_count += 1

    def beat(self) -> None:
        """Save progress in its own small update; stop if another process has taken the run."""
        run = self.run
        run.heartbeat_at = timezone.now()
        fields = {
            "heartbeat_at": run.heartbeat_at,
            "items_total": max(run.items_total, run.items_processed),
            "items_processed": run.items_processed,
            "new_count": run.new_count,
            "updated_count": run.updated_count,
            "unchanged_count": run.unchanged_count,
            "failed_count": run.failed_count,
            "withdrawn_count": run.withdrawn_count,
        }
        if not ImportRun.objects.filter(pk=run.pk, status=ImportRunStatus.RUNNING).update(**fields):
            raise LockLost(run.pk)
        activity.clear(run.pk)  # progress again: no longer waiting on a retry
        if self.progress is not None:
            self.progress(run)

    def finish(self, status: str, error: str) -> None:
        run = self.run
        try:
            self.beat()
        except LockLost:
            return
        ImportRun.objects.filter(pk=run.pk, status=ImportRunStatus.RUNNING).update(
            status=status, finished_at=timezone.now(), error=error
        )


def run_incremental_import() -> ImportRun | None:
    """What beat runs: start the incremental import and run it, unless one is already active."""
    try:
        run = start_run(kind=ImportRun.Kind.INCREMENTAL)
    except ImportInProgress:
        return None
    return execute_run(run_id=run.pk)
