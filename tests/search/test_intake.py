"""Near-duplicates flagged at intake: the service, the receiver that queues it after a write, the
task, and the demo data's flagged pair."""

from __future__ import annotations

import dataclasses
import datetime
from io import StringIO
from unittest import mock

import pytest
from django.core.management import call_command

from pqtracker.audit.models import AuditEvent
from pqtracker.imports.pages import import_page, read_question_page
from pqtracker.parliament import batch as parliament
from pqtracker.parliament.generation import is_renewal
from pqtracker.parliament.models import WrittenQuestion
from pqtracker.parliament.planner_stats import analyze_grown_tables
from pqtracker.parliament.records import BodyRef, QuestionRecord
from pqtracker.search import intake, receivers
from pqtracker.search import services as search_services
from pqtracker.search.models import NearDuplicate
from tests.imports.conftest import FIXTURES
from tests.search.conftest import add_question

D = datetime.date
ASK = "To ask the Secretary of State for Education, "
SURREY = (
    ASK + "how many education, health and care plans were issued within 20 weeks in Surrey in "
    "each of the last three years."
)
SURREY_AGAIN = (
    ASK + "how many education, health and care plans have been issued within 20 weeks in Surrey "
    "in each of the last three years."
)
VERB = "search.near_duplicates_flagged"


def pairs() -> set[tuple[str, str]]:
    return {
        (row.question.uin, row.duplicate_of.uin)
        for row in NearDuplicate.objects.select_related("question", "duplicate_of")
    }


@pytest.fixture
def earlier(db) -> WrittenQuestion:
    return add_question(
        "87924",
        SURREY,
        heading="Special Educational Needs: Surrey",
        answer="The figures are published annually.",
        tabled=D(2021, 12, 6),
        answered=D(2021, 12, 9),
    )


# --- The service ------------------------------------------------------------------------------


def test_flag_near_duplicates_flags_a_recent_near_copy_with_its_referral_answer(earlier):
    other_topic = add_question("90001", ASK + "how many maths teachers were recruited in 2021.")
    again = add_question("90002", SURREY_AGAIN, tabled=D(2021, 12, 27), asker=5000)

    result = intake.flag_near_duplicates(question_ids=[again.pk, other_topic.pk])

    assert pairs() == {("90002", "87924")}
    assert result.added == [(again.pk, earlier.pk)] and result.checked == 2
    [flag] = intake.flags_for(again)
    assert flag.question == earlier and flag.similarity >= 0.6
    assert flag.referral_answer == (
        "I refer the hon. Member to the answer I gave on 9 December 2021 to Question 87924."
    )


def test_a_near_copy_in_the_same_large_batch_is_flagged_though_not_yet_indexed(db, settings):
    settings.SEARCH_INDEX_INLINE_MAX = 0  # the batch is left to the index worker
    parliament.upsert_questions(
        records=[
            _record(1, "87924", SURREY, D(2021, 12, 6)),
            _record(2, "90002", SURREY_AGAIN, D(2021, 12, 27)),
        ]
    )
    again = WrittenQuestion.objects.get(uin="90002")

    intake.flag_near_duplicates(question_ids=[again.pk])

    assert pairs() == {("90002", "87924")}


def test_flag_near_duplicates_ignores_questions_tabled_more_than_three_months_before(earlier):
    late = add_question("90003", SURREY_AGAIN, tabled=earlier.date_tabled + datetime.timedelta(93))
    inside = add_question(
        "90004", SURREY_AGAIN, tabled=earlier.date_tabled + datetime.timedelta(91)
    )

    intake.flag_near_duplicates(question_ids=[late.pk, inside.pk])

    assert ("90004", "87924") in pairs()  # 91 days before
    assert ("90003", "87924") not in pairs()  # 93 days before (it may match 90004, 2 days before)


def test_flag_near_duplicates_looks_only_at_questions_tabled_before(earlier):
    add_question("90005", SURREY_AGAIN, tabled=D(2021, 12, 20))

    intake.flag_near_duplicates(question_ids=[earlier.pk])

    assert pairs() == set()


def test_flag_near_duplicates_an_unanswered_earlier_question_has_no_referral_answer(db):
    add_question("90006", SURREY, tabled=D(2021, 12, 6))
    again = add_question("90007", SURREY_AGAIN, tabled=D(2021, 12, 20))

    intake.flag_near_duplicates(question_ids=[again.pk])

    [flag] = intake.flags_for(again)
    assert flag.question.uin == "90006" and flag.referral_answer == ""


def test_flag_near_duplicates_an_earlier_holding_answer_is_not_referred_to(db):
    add_question(
        "90006",
        SURREY,
        answer="An answer will be provided as soon as it is available.",
        holding=True,
        tabled=D(2021, 12, 6),
    )
    again = add_question("90007", SURREY_AGAIN, tabled=D(2021, 12, 20))

    intake.flag_near_duplicates(question_ids=[again.pk])

    [flag] = intake.flags_for(again)
    assert flag.question.status == "holding" and flag.referral_answer == ""


def test_flag_near_duplicates_twice_gives_the_same_rows_and_one_audit_event(earlier):
    again = add_question("90002", SURREY_AGAIN, tabled=D(2021, 12, 27))
    intake.flag_near_duplicates(question_ids=[again.pk])
    first = list(NearDuplicate.objects.values_list("pk", "question", "duplicate_of", "found_at"))

    rerun = intake.flag_near_duplicates(question_ids=[again.pk])

    assert rerun.added == [] and rerun.removed == []
    assert list(
        NearDuplicate.objects.values_list("pk", "question", "duplicate_of", "found_at")
    ) == (first)
    [event] = AuditEvent.objects.filter(verb=VERB)
    assert event.actor is None
    assert event.data == {"questions_checked": 1, "added": [[again.pk, earlier.pk]], "removed": []}


def test_flag_near_duplicates_drops_a_flag_the_record_no_longer_supports(earlier):
    again = add_question("90002", SURREY_AGAIN, tabled=D(2021, 12, 27))
    intake.flag_near_duplicates(question_ids=[again.pk])
    # Parliament corrects the later question's text to something else entirely.
    record = QuestionRecord(
        parliament_id=again.parliament_id,
        uin="90002",
        house="Commons",
        date_tabled=again.date_tabled,
        question_text=ASK + "how many school buildings have reinforced autoclaved concrete.",
        answering_body=BodyRef(60, "Department for Education"),
    )
    parliament.upsert_question(record=record)

    result = intake.flag_near_duplicates(question_ids=[again.pk])

    assert result.removed == [(again.pk, earlier.pk)]
    assert pairs() == set()
    assert AuditEvent.objects.filter(verb=VERB).count() == 2


def test_flag_near_duplicates_ignores_ids_of_questions_we_do_not_hold(earlier):
    result = intake.flag_near_duplicates(question_ids=[earlier.pk + 1000])
    assert result.checked == 0 and pairs() == set()
    assert not AuditEvent.objects.filter(verb=VERB).exists()


# --- The receiver and the task ----------------------------------------------------------------


def _record(parliament_id: int, uin: str, text: str, tabled: datetime.date) -> QuestionRecord:
    return QuestionRecord(
        parliament_id=parliament_id,
        uin=uin,
        house="Commons",
        date_tabled=tabled,
        question_text=text,
        answering_body=BodyRef(60, "Department for Education"),
    )


def test_a_write_queues_one_task_for_the_questions_it_created(
    earlier, django_capture_on_commit_callbacks
):
    with (
        mock.patch.object(receivers.flag_near_duplicates_task, "apply_async") as send,
        django_capture_on_commit_callbacks(execute=True) as callbacks,
    ):
        parliament.upsert_questions(
            records=[
                _record(1, "1", SURREY_AGAIN, D(2021, 12, 20)),
                # A question we hold, changed: not new.
                dataclasses.replace(
                    _record(earlier.parliament_id, "87924", SURREY, D(2021, 12, 6)),
                    heading="Special Educational Needs: Surrey County Council",
                ),
                _record(2, "2", ASK + "how many maths teachers there are.", D(2021, 12, 21)),
            ]
        )
    created = sorted(
        WrittenQuestion.objects.filter(uin__in=["1", "2"]).values_list("pk", flat=True)
    )
    # One for the near-duplicate check; the others refresh the planner's statistics and renew
    # the record's generation (parliament.generation).
    assert len([c for c in callbacks if c is not analyze_grown_tables and not is_renewal(c)]) == 1
    send.assert_called_once_with((created,), argsrepr="(2 question ids)")


def test_a_write_that_only_changes_questions_queues_nothing(
    earlier, django_capture_on_commit_callbacks
):
    with (
        mock.patch.object(receivers.flag_near_duplicates_task, "apply_async") as send,
        django_capture_on_commit_callbacks(execute=True) as callbacks,
    ):
        parliament.upsert_questions(
            records=[
                dataclasses.replace(
                    _record(earlier.parliament_id, "87924", SURREY, D(2021, 12, 6)),
                    heading="Special Educational Needs: Surrey County Council",
                )
            ]
        )
    assert callbacks == [] and not send.called


def test_a_large_write_is_split_into_tasks_of_at_most_a_chunk(
    db, django_capture_on_commit_callbacks, monkeypatch
):
    monkeypatch.setattr(intake, "CHUNK", 2)
    with (
        mock.patch.object(receivers.flag_near_duplicates_task, "apply_async") as send,
        django_capture_on_commit_callbacks(execute=True),
    ):
        parliament.upsert_questions(
            records=[_record(n, str(n), f"{ASK}question {n}.", D(2024, 1, 1)) for n in (1, 2, 3)]
        )
    assert [len(call.args[0][0]) for call in send.call_args_list] == [2, 1]


def test_nothing_is_queued_until_the_write_commits(db, django_capture_on_commit_callbacks):
    with mock.patch.object(receivers.flag_near_duplicates_task, "apply_async") as send:
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            add_question("1", SURREY)
        assert not send.called
        for callback in callbacks:
            callback()
    assert send.called


def test_a_new_question_is_flagged_once_its_write_commits(
    earlier, django_capture_on_commit_callbacks
):
    # Tests run tasks eagerly: the committed write runs the task, which runs the service.
    with django_capture_on_commit_callbacks(execute=True):
        add_question("90002", SURREY_AGAIN, tabled=D(2021, 12, 27))
    assert pairs() == {("90002", "87924")}


def test_a_question_imported_from_a_web_page_is_flagged(db, django_capture_on_commit_callbacks):
    html = (FIXTURES / "parallel_parliament_87924.html").read_text(encoding="utf-8")
    record = read_question_page(html)
    add_question(
        "80000",
        record.question_text,
        heading=record.heading,
        answer="The figures are published annually.",
        tabled=record.date_tabled - datetime.timedelta(days=21),
        answered=record.date_tabled - datetime.timedelta(days=14),
    )
    with (
        mock.patch.object(intake, "_flag", wraps=intake._flag) as checked,
        django_capture_on_commit_callbacks(execute=True),
    ):
        import_page(location="page.html", html=html)
    imported = WrittenQuestion.objects.get(uin="87924")
    checked.assert_called_once_with([imported.pk])
    # The page's question came in answered: past intake, so it is not flagged.
    assert imported.status == "answered" and pairs() == set()


def test_only_questions_still_to_be_answered_are_flagged_and_tagged(earlier):
    answered = add_question("90002", SURREY_AGAIN, tabled=D(2021, 12, 27), answer="Published.")
    waiting = add_question("90003", SURREY_AGAIN, tabled=D(2021, 12, 28))
    intake.flag_near_duplicates(question_ids=[answered.pk, waiting.pk])
    assert pairs() == {("90003", "87924"), ("90003", "90002")}
    assert NearDuplicate.objects.flagged_among([answered.pk, waiting.pk]) == {waiting.pk}
    # Once it is answered, its tag goes; a recheck removes its flags too.
    add_question(
        "90003",
        SURREY_AGAIN,
        tabled=D(2021, 12, 28),
        answer="Published.",
        parliament_id=waiting.parliament_id,
    )
    waiting.refresh_from_db()
    assert NearDuplicate.objects.flagged_among([waiting.pk]) == set()
    assert intake.flag_near_duplicates(question_ids=[waiting.pk]).removed
    assert pairs() == set()


# --- Demo data ----------------------------------------------------------------------------------


def test_seed_demo_ends_with_the_demo_pair_flagged(db, settings):
    settings.DEBUG = True
    call_command("seed_demo", stdout=StringIO())
    # Only the re-ask still waiting for its answer: none of the answered earlier sessions'.
    assert pairs() == {("83906", "80417")}
    later = WrittenQuestion.objects.get(uin="83906")
    assert later.asking_member != WrittenQuestion.objects.get(uin="80417").asking_member
    [flag] = intake.flags_for(later)
    assert flag.referral_answer == (
        "I refer the hon. Member to the answer I gave on 27 October 2026 to Question 80417."
    )

    before = list(NearDuplicate.objects.values_list("pk", "found_at"))
    events = AuditEvent.objects.count()
    call_command("seed_demo", "--quiet-if-seeded", stdout=StringIO())
    assert list(NearDuplicate.objects.values_list("pk", "found_at")) == before
    assert AuditEvent.objects.count() == events


def test_referral_answer_refers_only_to_a_substantive_answer(db):
    holding = add_question(
        "90010",
        SURREY,
        answer="An answer will be provided as soon as it is available.",
        holding=True,
        tabled=D(2021, 12, 6),
        answered=D(2021, 12, 9),
    )
    answered = add_question(
        "90011", SURREY, answer="Figures.", tabled=D(2021, 12, 6), answered=D(2021, 12, 9)
    )
    again = add_question("90012", SURREY_AGAIN, tabled=D(2021, 12, 20))

    assert search_services.referral_answer(again, holding) == ""
    assert search_services.referral_answer(again, answered).endswith("to Question 90011.")
