"""``seed_demo``: demo users with their roles, the seed question exactly, and every state the
app shows, written idempotently through the public-record write path."""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterator
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from pqtracker.accounts.models import RoleAssignment, User
from pqtracker.accounts.roles import Role
from pqtracker.audit.models import AuditEvent
from pqtracker.calendar.rules import add_working_days, is_working_day
from pqtracker.parliament.demo.dates import on_or_before
from pqtracker.parliament.demo.loader import DEFAULT_PASSWORD, demo_questions
from pqtracker.parliament.models import (
    Answer,
    AnsweringBody,
    GovernmentPost,
    ImportRun,
    Member,
    QuestionChange,
    QuestionGroupLink,
    QuestionStatus,
    WrittenQuestion,
)

SEED_FILE = Path("seeds") / "000_a5f8c01f0c4ae145.txt"


@pytest.fixture(scope="class")
def seeded_once(django_db_setup, django_db_blocker) -> Iterator[str]:  # type: ignore[no-untyped-def]
    """seed_demo's output, the command run once for a class of tests: it takes seconds, and run
    for each of twenty tests it made this the slowest module. As Django's
    ``TestCase.setUpTestData``, it writes inside a transaction that is rolled back when the class
    is done; each test's own transaction (``db``) is a savepoint within it, rolled back after the
    test, so what one test writes no other test sees."""
    from django.db import transaction
    from django.test.utils import override_settings

    from pqtracker.celery import app

    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
    try:
        # As in a test: DEBUG on (seed_demo refuses otherwise), tasks inline (_eager_celery).
        out = StringIO()
        with django_db_blocker.unblock(), override_settings(DEBUG=True):
            app.conf.task_always_eager = True
            try:
                call_command("seed_demo", stdout=out)
            finally:
                app.conf.task_always_eager = False
        yield out.getvalue()
    finally:
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture
def seeded(seeded_once, db, settings) -> str:  # type: ignore[no-untyped-def]
    settings.DEBUG = True  # as seed_demo ran, and so that a test can run it again
    return seeded_once


def _counts() -> dict[str, int]:
    models = (
        User,
        RoleAssignment,
        AuditEvent,
        AnsweringBody,
        Member,
        GovernmentPost,
        WrittenQuestion,
        Answer,
        QuestionChange,
        QuestionGroupLink,
        ImportRun,
    )
    return {model.__name__: model.objects.count() for model in models}


def _seed_page(shared_dir: Path) -> tuple[str, list[str]]:
    """The seed page's question text and its answer's paragraphs and bullet points."""
    lines = (shared_dir / SEED_FILE).read_text(encoding="utf-8").splitlines()
    question_text = lines[lines.index("Question to the Department for Education:") + 2]
    start = next(
        i for i, line in enumerate(lines) if line.startswith("This question was answered on")
    )
    # The page ends with a loading-spinner caption that is not part of the answer.
    body = [line.strip().lstrip("•").strip() for line in lines[start + 1 :]]
    return question_text, [line for line in body if line and line != "Reticulating Splines"]


def test_seed_demo_uses_demo_password_from_environment(db, settings, monkeypatch):
    settings.DEBUG = True
    monkeypatch.setenv("DEMO_PASSWORD", "a-different-demo-phrase")
    out = StringIO()
    call_command("seed_demo", stdout=out)
    assert User.objects.get(username="clerk").check_password("a-different-demo-phrase")
    assert "a-different-demo-phrase" in out.getvalue()
    assert DEFAULT_PASSWORD not in out.getvalue()


def test_seed_demo_says_how_to_start_the_server_as_make_run_does(db, settings, monkeypatch):
    settings.DEBUG = True
    monkeypatch.setenv("PORT", "8123")
    out = StringIO()
    call_command("seed_demo", stdout=out)
    assert "runserver" not in out.getvalue()
    assert "Start the web server with: make run. Then sign in at http://localhost:8123" in (
        out.getvalue()
    )
    # make run starts the server itself and prints its address: the loader gives no advice.
    out = StringIO()
    call_command("seed_demo", "--serving", stdout=out)
    assert "Start the web server" not in out.getvalue() and "8123" not in out.getvalue()
    makefile = (Path(__file__).resolve().parents[2] / "Makefile").read_text()
    assert "seed_demo --quiet-if-seeded --serving" in makefile


def test_seed_demo_rejects_short_demo_password(db, settings, monkeypatch):
    settings.DEBUG = True
    monkeypatch.setenv("DEMO_PASSWORD", "short")
    with pytest.raises(CommandError, match="DEMO_PASSWORD"):
        call_command("seed_demo", stdout=StringIO())
    assert not User.objects.exists()


def test_seed_demo_refuses_when_debug_is_off(db, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG"):
        call_command("seed_demo", stdout=StringIO())
    assert not User.objects.exists()
    assert not WrittenQuestion.objects.exists()


def test_seed_demo_quiet_if_seeded_still_seeds_an_empty_database(db, settings):
    settings.DEBUG = True
    out = StringIO()
    call_command("seed_demo", "--quiet-if-seeded", stdout=out)
    assert "http://localhost:8000" in out.getvalue()
    assert WrittenQuestion.objects.filter(uin="87924").exists()


@pytest.mark.parametrize(
    "today",
    [
        datetime.date(2026, 12, 2),  # a Wednesday
        datetime.date(2026, 12, 5),  # a Saturday
        datetime.date(2026, 12, 7),  # a Monday
        datetime.date(2026, 12, 28),  # Boxing Day (observed), after a Christmas weekend
        datetime.date(2027, 3, 29),  # Easter Monday
    ],
)
def test_demo_questions_are_tabled_and_due_on_working_days_by_the_houses_rules(today):
    for item in demo_questions(today):
        for version in item.versions:
            record = version.record
            assert is_working_day(record.date_tabled), (record.uin, record.date_tabled)
            assert is_working_day(version.on), (record.uin, version.on)
            if record.answer and record.answer.date_answered:
                assert is_working_day(record.answer.date_answered), record.uin
            if record.parliament_id is None:
                continue  # a real question keeps the dates Parliament gave it
            due = record.date_for_answer
            if record.house == "Lords":
                assert due == record.date_tabled + datetime.timedelta(days=14), record.uin
            elif record.is_named_day:
                assert is_working_day(due) and due > record.date_tabled, record.uin
            else:
                assert due == add_working_days(record.date_tabled, 2), record.uin


def test_the_demo_anchors_on_the_last_working_day_on_or_before_today():
    # Sunday 27 December 2026, after Christmas Day on the Friday: Thursday 24th.
    assert on_or_before(datetime.date(2026, 12, 27)) == datetime.date(2026, 12, 24)
    assert on_or_before(datetime.date(2026, 12, 2)) == datetime.date(2026, 12, 2)


class TestOnTheSeededDemo:
    """The tests that read (or write again over) the demo: one seed_demo for them all."""

    def test_seed_demo_creates_one_user_per_role_and_prints_credentials(self, seeded):
        for role in Role:
            user = User.objects.get(username=role.value)
            assert user.role_names() == {role.value}
            assert user.check_password(DEFAULT_PASSWORD)
            assert re.search(
                rf"^{role.value}\s+{re.escape(role.label)}\s+{DEFAULT_PASSWORD}$", seeded, re.M
            )
        admin = User.objects.get(username="admin")
        assert admin.is_superuser and admin.is_staff and admin.check_password(DEFAULT_PASSWORD)
        assert "http://localhost:8000" in seeded

    def test_seed_demo_second_run_creates_nothing(self, seeded):
        before = _counts()
        out = StringIO()
        call_command("seed_demo", stdout=out)
        assert _counts() == before
        assert "0 created" in out.getvalue()
        assert "0 new, 0 updated" in out.getvalue()

    def test_seed_demo_quiet_if_seeded_prints_nothing_when_seeded(self, seeded):
        before = _counts()
        out = StringIO()
        call_command("seed_demo", "--quiet-if-seeded", stdout=out)
        assert out.getvalue() == ""
        assert _counts() == before

    def test_seed_demo_restores_changed_demo_password(self, seeded):
        user = User.objects.get(username="drafter")
        user.set_password("someone-changed-it")
        user.save()
        call_command("seed_demo", stdout=StringIO())
        user.refresh_from_db()
        assert user.check_password(DEFAULT_PASSWORD)

    @pytest.mark.shared
    def test_seed_demo_seed_question_matches_seed_page(self, seeded, shared_dir):
        question_text, paragraphs = _seed_page(shared_dir)
        question = WrittenQuestion.objects.get(house="Commons", uin="87924")
        assert question.date_tabled == datetime.date(2021, 12, 6)
        assert question.heading == "Special Educational Needs"
        assert question.question_text == question_text
        assert question.answering_body.parliament_id == 60
        assert question.answering_body.name == "Department for Education"
        assert question.asking_member is None
        assert question.parliament_id is None
        assert question.status == QuestionStatus.ANSWERED
        answer = question.answers.get(is_current=True)
        assert answer.answering_member.name_display == "Will Quince"
        assert answer.date_answered == datetime.date(2021, 12, 9)
        assert len(paragraphs) == 10  # five paragraphs and five bullet points
        for paragraph in paragraphs:
            assert paragraph in answer.answer_text
            assert paragraph in answer.answer_html
        assert answer.answer_html.count("<p>") == 5
        assert answer.answer_html.count("<li>") == 5
        assert "<ul>" in answer.answer_html

    def test_seed_demo_will_quince_post_covers_the_seed_answer(self, seeded):
        quince = Member.objects.get(name_display="Will Quince")
        post = quince.post_on(datetime.date(2021, 12, 9))
        assert post is not None
        assert post.answering_body.parliament_id == 60
        assert Member.objects.get(parliament_id=4125).name_display == "Catherine McKinnell"

    def test_seed_demo_represents_every_question_status(self, seeded):
        statuses = set(WrittenQuestion.objects.values_list("status", flat=True))
        assert statuses == set(QuestionStatus.values)

    def test_seed_demo_writes_about_forty_questions_mostly_for_the_department(self, seeded):
        total = WrittenQuestion.objects.count()
        assert total >= 40
        assert WrittenQuestion.objects.for_department().count() > total * 0.75
        assert set(WrittenQuestion.objects.values_list("source", flat=True)) == {"demo"}

    def test_seed_demo_holding_answer_replaced_keeps_both_versions(self, seeded):
        question = WrittenQuestion.objects.get(uin="101562")
        holding, substantive = question.answers.order_by("recorded_at", "id")
        assert holding.is_holding and not holding.is_current and holding.superseded_at is not None
        assert "will not be possible to answer this question within the usual time period" in (
            holding.answer_text
        )
        assert substantive.is_current and not substantive.is_holding
        assert (
            substantive.date_holding_answer == holding.date_answered == datetime.date(2022, 1, 12)
        )
        assert substantive.date_answered == datetime.date(2022, 1, 19)
        assert question.status == QuestionStatus.ANSWERED
        assert question.changes.filter(
            field="answer.is_holding", old_value="Yes", new_value="No"
        ).exists()

    def test_seed_demo_holding_answer_still_standing(self, seeded):
        question = WrittenQuestion.objects.get(status=QuestionStatus.HOLDING)
        answer = question.answers.get()
        assert answer.is_holding and answer.is_current
        assert question.date_for_answer < timezone.localdate()

    def test_seed_demo_corrected_answer_keeps_original_text(self, seeded):
        question = WrittenQuestion.objects.get(status=QuestionStatus.CORRECTED)
        original, corrected = question.answers.order_by("recorded_at", "id")
        assert not original.is_current and "over 50% since 2019-20" in original.answer_text
        assert corrected.is_current and corrected.is_correction
        assert "over 40% since 2019-20" in corrected.answer_text
        assert "over 50% since 2019-20" in corrected.original_answer_text
        assert corrected.date_corrected > corrected.date_answered == original.date_answered
        assert corrected.correcting_member.name_display == "Will Quince"

    def test_seed_demo_withdrawn_question_recorded_as_change(self, seeded):
        question = WrittenQuestion.objects.get(status=QuestionStatus.WITHDRAWN)
        assert question.is_withdrawn
        assert question.changes.filter(
            field="is_withdrawn", new_value="Yes", source="demo"
        ).exists()

    def test_seed_demo_grouped_questions_link_each_other(self, seeded):
        links = QuestionGroupLink.objects.filter(
            question__uin__in=["14870", "14871", "14872", "14873"]
        )
        assert links.count() == 12
        assert not links.filter(grouped_question__isnull=True).exists()
        first = WrittenQuestion.objects.get(uin="14870")
        linked = {other.uin for _, other in first.grouped_questions()}
        assert linked == {"14871", "14872", "14873"}
        askers = WrittenQuestion.objects.filter(uin__in=["14870", "14871", "14872", "14873"])
        assert askers.values("asking_member").distinct().count() == 1

    def test_seed_demo_has_named_day_lords_and_interest_questions(self, seeded):
        assert WrittenQuestion.objects.filter(
            is_named_day=True, status=QuestionStatus.ANSWERED
        ).exists()
        assert WrittenQuestion.objects.filter(
            is_named_day=True, status=QuestionStatus.UNANSWERED
        ).exists()
        lords = WrittenQuestion.objects.filter(house="Lords")
        assert lords.count() >= 4
        assert all(question.uin.startswith("HL") for question in lords)
        answered = lords.exclude(answering_member=None).first()
        assert answered.answering_member.name_display == "Baroness Barran"
        assert answered.answering_member.post_on(answered.date_answered) is not None
        assert WrittenQuestion.objects.filter(member_has_interest=True).exists()

    def test_seed_demo_records_transfers_in_and_out(self, seeded):
        transfers = QuestionChange.objects.filter(field="answering_body")
        assert {(c.old_value, c.new_value) for c in transfers} == {
            ("Department for Education", "Department of Health and Social Care"),
            ("Department of Health and Social Care", "Department for Education"),
        }
        assert all(change.is_transfer for change in transfers)

    def test_seed_demo_records_heading_added_later(self, seeded):
        added = QuestionChange.objects.filter(field="heading", old_value="")
        assert added.count() >= 2
        assert all(change.new_value for change in added)
        assert WrittenQuestion.objects.filter(heading="", status=QuestionStatus.UNANSWERED).exists()

    def test_seed_demo_has_questions_due_today_tomorrow_and_overdue(self, seeded):
        # "Today" and "tomorrow" are working days (on a weekend, the Friday and the Monday).
        today = on_or_before(timezone.localdate())
        unanswered = WrittenQuestion.objects.filter(status=QuestionStatus.UNANSWERED)
        assert unanswered.filter(date_for_answer=today).count() >= 2
        assert unanswered.filter(date_for_answer=add_working_days(today, 1)).count() >= 2
        assert unanswered.filter(date_for_answer__lt=today).count() >= 2

    def test_seed_demo_on_a_later_day_moves_relative_dates_without_duplicates(self, seeded):
        from pqtracker.parliament.demo.loader import seed_demo_questions

        before = (WrittenQuestion.objects.count(), Answer.objects.count())
        tomorrow = add_working_days(on_or_before(timezone.localdate()), 1)
        result = seed_demo_questions(today=tomorrow)
        # Dates move; no question and no answer version is added.
        assert (WrittenQuestion.objects.count(), Answer.objects.count()) == before
        assert result.new == 0 and result.updated >= 10
        assert WrittenQuestion.objects.filter(
            status=QuestionStatus.UNANSWERED, date_for_answer=tomorrow
        ).exists()
        assert QuestionChange.objects.filter(
            field="date_tabled", import_run=result.import_run
        ).exists()

    def test_seed_demo_answers_are_sanitised_html(self, seeded):
        import nh3

        for answer in Answer.objects.all():
            assert answer.answer_html == nh3.clean(answer.answer_html)
            assert answer.answer_text and "<" not in answer.answer_text
        linked = Answer.objects.filter(
            answer_html__contains='<a href="https://explore-education-statistics'
        )
        assert linked.exists()

    def test_seed_demo_records_a_demo_import_run(self, seeded):
        # The record's demo, then one run per app seeder that adds questions (deadlines).
        runs = list(ImportRun.objects.all())
        assert {run.kind for run in runs} == {ImportRun.Kind.DEMO}
        assert sum(run.new_count for run in runs) == WrittenQuestion.objects.count()
        assert QuestionChange.objects.filter(import_run__isnull=True).count() == 0
        assert set(QuestionChange.objects.values_list("source", flat=True)) == {"demo"}
