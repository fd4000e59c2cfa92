"""Importing a written question from a web page in the Parallel Parliament or official layout."""

from __future__ import annotations

import datetime
import functools
import re
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from pqtracker.imports.pages import (
    PageFetchError,
    PageUnreadable,
    import_page,
    read_question_page,
)
from pqtracker.parliament.models import (
    ImportRun,
    ImportRunStatus,
    QuestionSource,
    QuestionStatus,
    WrittenQuestion,
)
from pqtracker.parliament.services import Outcome
from tests.factories import AnsweringBodyFactory
from tests.imports.conftest import FIXTURES

SEED_PAGE = FIXTURES / "parallel_parliament_87924.html"
OFFICIAL_PAGE = FIXTURES / "official_lords_hl4321.html"
CHROME = (
    "View Source",
    "Portrait",
    "Reticulating",
    "cookie",
    "Cookie",
    "Parallel Parliament",
    "Accept",
    "Share on",
    "Copy link",
    "Written Answers",
    "Search",
    "Skip to",
    "UK Parliament",
    "Other written answers",
)


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("•", " ")).strip()


def assert_no_chrome(*texts: str) -> None:
    for text in texts:
        for chrome in CHROME:
            assert chrome not in text, f"{chrome!r} leaked into {text[:80]!r}"


@pytest.fixture
def seed_text(shared_dir: Path) -> str:
    return (shared_dir / "seeds" / "000_a5f8c01f0c4ae145.txt").read_text(encoding="utf-8")


@pytest.mark.shared
@pytest.mark.django_db
def test_import_page_seed_matches_the_seed_text(seed_text: str) -> None:
    dfe = AnsweringBodyFactory()
    result = import_page(location=str(SEED_PAGE))

    question = WrittenQuestion.objects.get()
    assert result.upsert.outcome is Outcome.NEW
    assert (question.uin, question.house) == ("87924", "Commons")
    assert question.date_tabled == datetime.date(2021, 12, 6)
    assert question.heading == "Special Educational Needs"
    assert question.answering_body == dfe
    assert question.source == QuestionSource.PAGE
    assert question.parliament_id is None
    seed_lines = [line.strip() for line in seed_text.splitlines() if line.strip()]
    assert question.heading == seed_lines[0]
    assert question.question_text == seed_lines[3]
    assert question.status == QuestionStatus.ANSWERED
    assert question.date_answered == datetime.date(2021, 12, 9)
    assert question.answering_member.name_display == "Will Quince"

    answer = question.current_answer
    seed_answer = seed_text.split("This question was answered on 9th December 2021", 1)[1]
    seed_answer = seed_answer.split("Reticulating Splines", 1)[0]
    assert squash(answer.answer_text) == squash(seed_answer)
    assert answer.answer_html.count("<li>") == 5
    assert_no_chrome(
        question.heading, question.question_text, answer.answer_html, answer.answer_text
    )

    run = ImportRun.objects.get()
    assert run == result.run
    assert (run.kind, run.status, run.new_count) == (
        ImportRun.Kind.PAGE,
        ImportRunStatus.SUCCEEDED,
        1,
    )


@pytest.mark.django_db
def test_import_page_twice_is_unchanged() -> None:
    import_page(location=str(SEED_PAGE))
    again = import_page(location=str(SEED_PAGE))
    assert again.upsert.outcome is Outcome.UNCHANGED
    assert again.run.unchanged_count == 1
    assert WrittenQuestion.objects.count() == 1
    assert WrittenQuestion.objects.get().answers.count() == 1


def test_read_question_page_official_layout() -> None:
    record = read_question_page(OFFICIAL_PAGE.read_text(encoding="utf-8"), source="official")
    assert (record.uin, record.house) == ("HL4321", "Lords")
    assert record.date_tabled == datetime.date(2022, 1, 10)
    assert record.heading == "Schools: Mental Health Services"
    assert record.asking_member.name == "Baroness Testwell"
    assert record.answering_body.name == "Department for Education"
    assert record.question_text.startswith("To ask Her Majesty's Government what steps")
    answer = record.answer
    assert answer.date_answered == datetime.date(2022, 1, 24)
    assert answer.answering_member.name == "Baroness Ministerson"
    assert "<table>" in answer.answer_html and "<td>287</td>" in answer.answer_html
    assert "<script" not in answer.answer_html and "alert" not in answer.answer_text
    assert 'rel="noopener noreferrer"' in answer.answer_html
    assert "Spring 2022 287" in answer.answer_text
    assert_no_chrome(record.heading, record.question_text, answer.answer_html, answer.answer_text)


def test_read_question_page_uin_from_parallel_parliament_url() -> None:
    html = SEED_PAGE.read_text(encoding="utf-8")
    html = html.replace(
        "https://questions-statements.parliament.uk/written-questions/detail/2021-12-06/87924", "#"
    ).replace('<link rel="canonical"', '<link rel="alternate"')
    with pytest.raises(PageUnreadable, match="the UIN"):
        read_question_page(html)
    url = "https://www.parallelparliament.co.uk/question/87924/special-educational-needs"
    assert read_question_page(html, url=url).uin == "87924"


@pytest.mark.django_db
def test_import_page_reports_every_missing_part_and_writes_nothing(tmp_path: Path) -> None:
    html = SEED_PAGE.read_text(encoding="utf-8")
    html = re.sub(r"<h1.*?</h1>", "", html)
    html = html.replace("(asked on 6th December 2021) - ", "")
    html = re.sub(r'<p class="question-text">.*?</p>', "", html, flags=re.S)
    html = html.replace("written-questions/detail/2021-12-06/87924", "written-questions")
    html = html.replace("/question/87924/", "/question/")
    page = tmp_path / "broken.html"
    page.write_text(html, encoding="utf-8")

    with pytest.raises(PageUnreadable) as caught:
        import_page(location=str(page))

    assert caught.value.missing == [
        "the heading",
        "the date it was asked (tabled)",
        "the question text",
        "the UIN",
    ]
    assert "nothing was imported" in str(caught.value)
    assert not WrittenQuestion.objects.exists()
    run = ImportRun.objects.get()
    assert (run.kind, run.status, run.failed_count) == (
        ImportRun.Kind.PAGE,
        ImportRunStatus.FAILED,
        1,
    )
    assert "the heading" in run.error


def test_read_question_page_answer_without_date_is_reported() -> None:
    html = SEED_PAGE.read_text(encoding="utf-8").replace(" on 9th December 2021", " recently")
    with pytest.raises(PageUnreadable) as caught:
        read_question_page(html)
    assert caught.value.missing == ["the date it was answered"]


def test_read_question_page_answer_without_minister_is_reported() -> None:
    html = re.sub(
        r'<div class="member-card">.*?</div>', "", SEED_PAGE.read_text(encoding="utf-8"), flags=re.S
    )
    with pytest.raises(PageUnreadable) as caught:
        read_question_page(html)
    assert caught.value.missing == ["the answering minister"]


@pytest.mark.django_db
def test_import_page_question_only_page_is_unanswered() -> None:
    html = SEED_PAGE.read_text(encoding="utf-8")
    start, end = html.index('<div class="answer-block">'), html.index('<div class="share-buttons">')
    html = html[:start] + html[end:]
    assert "Answered by" not in html
    result = import_page(location="question-only.html", html=html)
    question = result.upsert.question
    assert question.status == QuestionStatus.UNANSWERED
    assert question.answers.count() == 0


@pytest.fixture
def page_server() -> Iterator[str]:
    class Quiet(SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            pass

    handler = functools.partial(Quiet, directory=str(FIXTURES))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
    )
    thread.start()
    host, port = server.server_address[:2]
    try:
        yield f"http://{host}:{port}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@pytest.mark.django_db
def test_import_page_command_from_url(page_server: str, capsys) -> None:
    call_command("import_page", f"{page_server}/{OFFICIAL_PAGE.name}")
    out = capsys.readouterr().out
    assert out.startswith(
        "Added House of Lords question HL4321 tabled 2022-01-10, answered 2022-01-24"
    )
    assert WrittenQuestion.objects.get().uin == "HL4321"


@pytest.mark.django_db
def test_import_page_command_reports_unreadable_page(tmp_path: Path) -> None:
    page = tmp_path / "empty.html"
    page.write_text("<html><body><p>Nothing here</p></body></html>", encoding="utf-8")
    with pytest.raises(CommandError, match="Could not read the heading, the date it was asked"):
        call_command("import_page", str(page))
    with pytest.raises(CommandError, match="Could not open"):
        call_command("import_page", str(tmp_path / "absent.html"))
    assert not WrittenQuestion.objects.exists()


@pytest.mark.django_db
def test_import_page_refuses_other_url_schemes(page_server: str) -> None:
    with pytest.raises(PageFetchError, match="Only http"):
        import_page(location="ftp://example.org/page.html")
    with pytest.raises(PageFetchError, match="Could not fetch"):
        import_page(location=f"{page_server}/absent.html")
