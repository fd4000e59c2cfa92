"""Downloads: small ones stream, large ones are made by the worker into a file only the person
who asked may download, with progress; a row limit with a clear message; old files deleted."""

from __future__ import annotations

import csv
import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from pqtracker.audit.models import AuditEvent
from pqtracker.exports import builds
from pqtracker.exports.models import Export, ExportStatus
from tests.search.conftest import add_question

pytestmark = pytest.mark.django_db
EXPORT_URL = reverse("search:export")


@pytest.fixture(autouse=True)
def _exports_dir(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.EXPORTS_DIR = tmp_path / "exports"
    settings.EXPORT_INLINE_MAX_ROWS = 2
    settings.SITE_URL = "https://pq.example.gov.uk"


@pytest.fixture
def clubs(db):  # type: ignore[no-untyped-def]
    return [add_question(str(100 + n), f"Breakfast clubs question {n}.") for n in range(5)]


def _rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))


def _ask(client, django_capture_on_commit_callbacks, query_string="q=clubs"):  # type: ignore[no-untyped-def]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("exports:request"), {"kind": "search", "query_string": query_string}
        )
    assert response.status_code == 302, response.content[:500]
    return response


def test_small_results_stream_at_once(client, viewer, settings, clubs):
    settings.EXPORT_INLINE_MAX_ROWS = 10
    client.force_login(viewer)
    response = client.get(EXPORT_URL, {"q": "clubs"})
    assert response["Content-Type"].startswith("text/csv")
    rows = _rows(b"".join(response.streaming_content).decode())
    assert len(rows) == 6 and not Export.objects.exists()


def test_large_results_are_offered_as_a_file_made_in_the_background(
    client, viewer, clubs, django_capture_on_commit_callbacks
):
    client.force_login(viewer)
    offer = client.get(EXPORT_URL, {"q": "clubs"})
    body = offer.content.decode()
    assert offer.status_code == 200 and offer["Content-Type"].startswith("text/html")
    assert "This download has 5 rows" in body and "Make the CSV file" in body
    assert not Export.objects.exists()  # a GET makes nothing

    response = _ask(client, django_capture_on_commit_callbacks)
    export = Export.objects.get()
    assert response["Location"] == reverse("exports:detail", args=[export.pk])
    assert export.status == ExportStatus.READY and export.rows_written == 5
    assert AuditEvent.objects.filter(verb="export.requested", actor=viewer).count() == 1

    page = client.get(response["Location"]).content.decode()
    assert "Your file is ready" in page and reverse("exports:download", args=[export.pk]) in page
    assert "hx-trigger" not in page  # nothing left to poll for
    download = client.get(reverse("exports:download", args=[export.pk]))
    assert download["Content-Disposition"].startswith("attachment")
    rows = _rows(b"".join(download.streaming_content).decode("utf-8"))
    assert rows[0][0] == "UIN" and sorted(row[0] for row in rows[1:]) == [
        "100", "101", "102", "103", "104"
    ]  # fmt: skip
    assert rows[1][11].startswith("https://pq.example.gov.uk/questions/")


def test_asking_twice_makes_one_file(client, viewer, clubs, django_capture_on_commit_callbacks):
    client.force_login(viewer)
    first = _ask(client, django_capture_on_commit_callbacks)
    second = _ask(client, django_capture_on_commit_callbacks)
    assert first["Location"] == second["Location"] and Export.objects.count() == 1


def test_only_the_person_who_asked_sees_the_download(
    client, viewer, drafter, clubs, django_capture_on_commit_callbacks
):
    client.force_login(viewer)
    _ask(client, django_capture_on_commit_callbacks)
    export = Export.objects.get()
    client.force_login(drafter)  # may export too, but did not ask for this one
    assert client.get(reverse("exports:detail", args=[export.pk])).status_code == 404
    assert client.get(reverse("exports:download", args=[export.pk])).status_code == 404


def test_over_the_row_limit_says_so_and_makes_nothing(client, viewer, settings, clubs):
    settings.EXPORT_MAX_ROWS = 4
    client.force_login(viewer)
    response = client.get(EXPORT_URL, {"q": "clubs"})
    assert response.status_code == 400
    assert "a download can have at most 4 rows" in response.content.decode()
    posted = client.post(reverse("exports:request"), {"kind": "search", "query_string": "q=clubs"})
    assert posted.status_code == 400 and not Export.objects.exists()


def test_an_empty_search_downloads_every_question_as_csv(client, viewer, settings, clubs):
    """The link of a search with no words carries no query string: a CSV, not a page."""
    settings.EXPORT_INLINE_MAX_ROWS = 10
    add_question("900", "Nothing to do with the others.")
    client.force_login(viewer)
    response = client.get(EXPORT_URL)
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert len(_rows(b"".join(response.streaming_content).decode())) == 7
    # The search page itself, sent empty, goes to its plain address and lists recent questions
    # with nothing to download; a search for something links to a real CSV.
    page = client.get(reverse("search:search"), {"q": ""}, follow=True).content.decode()
    assert "Recent questions" in page and "Download these results" not in page
    page = client.get(reverse("search:search"), {"q": "clubs"}).content.decode()
    assert "Download these results (CSV)</a>" in page and " download>" not in page


def test_progress_page_polls_while_the_file_is_made(client, viewer):
    export = Export.objects.create(
        owner=viewer, kind="search", status=ExportStatus.BUILDING, rows_total=4000,
        rows_written=1000, description="the search for “clubs”",
    )  # fmt: skip
    client.force_login(viewer)
    url = reverse("exports:detail", args=[export.pk])
    page = client.get(url).content.decode()
    assert "1,000 of 4,000 rows written (25%)" in page and "Refresh the page" in page
    partial = client.get(url, headers={"HX-Request": "true"})
    assert 'hx-trigger="every 2s"' in partial.content.decode()
    assert "<html" not in partial.content.decode() and "HX-Request" in partial["Vary"]


def test_a_build_delivered_twice_writes_once(viewer, clubs):
    export = Export.objects.create(owner=viewer, kind="search", query_string="q=clubs")
    builds.build_export(export_id=export.pk)
    export.refresh_from_db()
    finished = export.finished_at
    assert builds.build_export(export_id=export.pk).finished_at == finished


def test_old_files_are_deleted_and_the_download_then_404s(
    client, viewer, clubs, django_capture_on_commit_callbacks
):
    client.force_login(viewer)
    _ask(client, django_capture_on_commit_callbacks)
    export = Export.objects.get()
    path = builds.file_path(export)
    assert path is not None and path.is_file()
    assert builds.delete_expired_exports(now=timezone.now()) == 0
    later = timezone.now() + datetime.timedelta(hours=25)
    assert builds.delete_expired_exports(now=later) == 1
    export.refresh_from_db()
    assert export.status == ExportStatus.EXPIRED and not path.exists()
    assert client.get(reverse("exports:download", args=[export.pk])).status_code == 404
    assert (
        "has been deleted"
        in client.get(reverse("exports:detail", args=[export.pk])).content.decode()
    )


def test_a_queue_that_does_not_answer_fails_the_download_with_a_message(
    client, viewer, clubs, monkeypatch, django_capture_on_commit_callbacks
):
    from pqtracker.exports import tasks

    def down(export_id: int) -> None:
        raise ConnectionError("Redis is down")

    monkeypatch.setattr(tasks.build_export_task, "delay", down)
    client.force_login(viewer)
    response = _ask(client, django_capture_on_commit_callbacks)
    assert (
        "background job queue is not answering" in client.get(response["Location"]).content.decode()
    )
    assert Export.objects.get().status == ExportStatus.FAILED


def test_someone_without_export_permission_cannot_ask(client, no_role_user):
    client.force_login(no_role_user)
    response = client.post(reverse("exports:request"), {"kind": "search", "query_string": ""})
    assert response.status_code == 403


def test_beat_deletes_old_files_every_hour(settings):
    from pqtracker.celery import app
    from pqtracker.exports import tasks

    entry = settings.CELERY_BEAT_SCHEDULE["exports-cleanup"]
    assert entry["task"] == tasks.delete_expired_exports_task.name
    assert entry["task"] in app.tasks
