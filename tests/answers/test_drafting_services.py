"""Drafting services: every save a version, nothing overwritten, conflicts kept, guards hold."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from pqtracker.answers import drafting
from pqtracker.answers.drafting_rules import SaveDecision
from pqtracker.answers.models import Case, DraftVersion
from pqtracker.audit.models import AuditEvent
from tests.factories import CaseFactory, answered_question


@pytest.fixture
def case(team_a, drafter_a):  # type: ignore[no-untyped-def]
    return CaseFactory(status="drafting", policy_team=team_a, action_officer=drafter_a)


def save(case, user, text, base, note="", answer_type="substantive"):  # type: ignore[no-untyped-def]
    return drafting.save_version(
        case=case,
        user=user,
        answer_text=text,
        background_note=note,
        answer_type=answer_type,
        base_number=base,
    )


def test_every_save_is_a_new_version_and_audited(case, drafter_a):
    first = save(case, drafter_a, "First draft.", None, note="From SEN2.")
    second = save(case, drafter_a, "Second draft.", first.version.number)
    assert (first.decision, second.decision) == (SaveDecision.SAVE, SaveDecision.SAVE)
    versions = list(DraftVersion.objects.filter(case=case).values_list("number", "answer_text"))
    assert versions == [(1, "First draft."), (2, "Second draft.")]
    assert second.version.based_on == 1 and second.version.author == drafter_a
    assert Case.objects.get(pk=case.pk).latest_version == 2
    events = AuditEvent.objects.filter(verb="answers.draft_saved", target_id=str(case.pk))
    assert sorted(e.data["version"] for e in events) == [1, 2]
    assert events.filter(actor=drafter_a).count() == 2


def test_identical_save_writes_nothing(case, drafter_a):
    first = save(case, drafter_a, "Same.\r\n", None)
    again = save(case, drafter_a, "  Same.\n", 1)
    assert again.decision == SaveDecision.UNCHANGED and not again.saved
    assert again.version.pk == first.version.pk
    assert DraftVersion.objects.filter(case=case).count() == 1
    assert AuditEvent.objects.filter(verb="answers.draft_saved").count() == 1


def test_two_users_saving_on_the_same_version_both_keep_their_text(case, drafter_a, drafter_a2):
    save(case, drafter_a, "Base text.", None)
    mine = save(case, drafter_a, "Alice's text.", 1)
    theirs = save(case, drafter_a2, "Bob's text.", 1)
    assert mine.decision == SaveDecision.SAVE
    assert theirs.decision == SaveDecision.CONFLICT
    assert theirs.conflict_with is not None and theirs.conflict_with.number == 2
    texts = list(DraftVersion.objects.filter(case=case).values_list("answer_text", flat=True))
    assert texts == ["Base text.", "Alice's text.", "Bob's text."]
    assert theirs.version.based_on == 1
    event = AuditEvent.objects.get(verb="answers.draft_saved", data__version=3)
    assert event.data["conflict"] is True


def test_a_stale_claim_never_takes_a_number_twice(case, drafter_a):
    """latest_version behind the table (rows written another way): the save takes the next free
    number instead of failing or replacing version 1."""
    save(case, drafter_a, "One.", None)
    Case.objects.filter(pk=case.pk).update(latest_version=0)
    result = save(case, drafter_a, "Two.", 1)
    assert result.version.number == 2
    assert list(DraftVersion.objects.filter(case=case).values_list("answer_text", flat=True)) == [
        "One.",
        "Two.",
    ]


def test_a_number_taken_meanwhile_rolls_the_attempt_back_whole_and_tries_again(
    case, drafter_a, monkeypatch
):
    """The insert of a number another writer took in the meantime: that attempt leaves nothing
    (no claim, no audit event), the next reads the table again and takes the next number."""
    save(case, drafter_a, "One.", None)
    Case.objects.filter(pk=case.pk).update(latest_version=0)
    reads = []
    real = drafting.latest_version

    def stale_once(current):  # type: ignore[no-untyped-def]
        reads.append(current.pk)
        return None if len(reads) == 1 else real(current)

    monkeypatch.setattr(drafting, "latest_version", stale_once)
    result = save(case, drafter_a, "Two.", 1)
    assert len(reads) == 2 and result.version.number == 2
    case.refresh_from_db()
    assert case.latest_version == 2
    assert AuditEvent.objects.filter(verb="answers.draft_saved").count() == 2
    assert list(DraftVersion.objects.filter(case=case).values_list("answer_text", flat=True)) == [
        "One.",
        "Two.",
    ]


@pytest.mark.parametrize("status", ["in_clearance", "cleared", "submitted", "new"])
def test_saves_refused_outside_editable_statuses(case, drafter_a, status):
    Case.objects.filter(pk=case.pk).update(status=status)
    with pytest.raises(drafting.NotEditable):
        save(case, drafter_a, "Changed in clearance.", None)
    assert not DraftVersion.objects.filter(case=case).exists()


def test_saves_refused_to_other_teams_and_roles(case, drafter_b, clearer, viewer):
    for user in (drafter_b, clearer, viewer):
        with pytest.raises(PermissionDenied):
            save(case, user, "Not mine to write.", None)
    assert not DraftVersion.objects.filter(case=case).exists()


def test_pq_team_may_edit(case, pq_team):
    assert save(case, pq_team, "PQ team edit.", None).saved


def test_bad_input_named_and_nothing_written(case, drafter_a):
    with pytest.raises(ValidationError) as error:
        save(case, drafter_a, "x" * (drafting.MAX_ANSWER_CHARS + 1), None, answer_type="nonsense")
    assert set(error.value.message_dict) == {"answer_text", "answer_type"}
    assert not DraftVersion.objects.filter(case=case).exists()


def test_restore_copies_an_old_version_as_a_new_one(case, drafter_a):
    save(case, drafter_a, "Original.", None, note="Note 1")
    save(case, drafter_a, "Rewritten.", 1, note="Note 2")
    result = drafting.restore_version(case=case, user=drafter_a, number=1)
    assert result.decision == SaveDecision.SAVE
    restored = result.version
    assert (restored.number, restored.answer_text, restored.background_note) == (
        3,
        "Original.",
        "Note 1",
    )
    assert restored.restored_from == 1 and restored.based_on == 2
    assert DraftVersion.objects.get(case=case, number=2).answer_text == "Rewritten."
    assert AuditEvent.objects.filter(verb="answers.draft_restored").count() == 1


def test_restore_refused_in_clearance(case, drafter_a):
    save(case, drafter_a, "Original.", None)
    Case.objects.filter(pk=case.pk).update(status="in_clearance")
    with pytest.raises(drafting.NotEditable):
        drafting.restore_version(case=case, user=drafter_a, number=1)


@pytest.fixture
def earlier(db):  # type: ignore[no-untyped-def]
    return answered_question(
        uin="87924",
        answer__answer_text="The figures are published annually.",
        answer__date_answered=datetime.date(2021, 12, 9),
        date_tabled=datetime.date(2021, 12, 6),
    )


def test_refer_to_answer_inserts_the_standard_wording(case, drafter_a, earlier):
    result = drafting.refer_to_answer(case=case, user=drafter_a, earlier=earlier, base_number=None)
    assert result.version.answer_text == (
        "I refer the hon. Member to the answer I gave on 9 December 2021 to Question 87924."
    )
    assert result.version.answer_type == "referral"
    # Added after existing text, which is kept.
    save(case, drafter_a, "Some context.", 1)
    again = drafting.refer_to_answer(case=case, user=drafter_a, earlier=earlier, base_number=2)
    assert again.version.answer_text.startswith("Some context.\n\nI refer the hon. Member")


def test_start_from_answer_copies_its_text(case, drafter_a, earlier):
    save(case, drafter_a, "My start.", None, note="Keep this note.")
    result = drafting.start_from_answer(case=case, user=drafter_a, earlier=earlier, base_number=1)
    assert result.version.answer_text == "The figures are published annually."
    assert result.version.background_note == "Keep this note."
    assert DraftVersion.objects.get(case=case, number=1).answer_text == "My start."


def test_comments(case, drafter_a, drafter_b):
    comment = drafting.add_comment(case=case, user=drafter_a, text="  Check 2023 figure.\r\n")
    assert comment.text == "Check 2023 figure."
    assert AuditEvent.objects.filter(verb="answers.comment_added").count() == 1
    with pytest.raises(ValidationError):
        drafting.add_comment(case=case, user=drafter_a, text="   ")
    with pytest.raises(PermissionDenied):
        drafting.add_comment(case=case, user=drafter_b, text="Nosy.")
    assert case.comments.count() == 1


def test_first_save_of_an_accepted_case_starts_drafting(team_a, drafter_a):
    case = CaseFactory(status="accepted", policy_team=team_a, action_officer=drafter_a)
    save(case, drafter_a, "First words.", None)
    case.refresh_from_db()
    assert case.status == "drafting"
    assert list(case.stage_times.values_list("status", flat=True)) == ["drafting"]
    assert AuditEvent.objects.filter(verb="answers.drafting_started").count() == 1
    save(case, drafter_a, "More words.", 1)
    assert AuditEvent.objects.filter(verb="answers.drafting_started").count() == 1


def test_a_case_sent_to_clearance_between_read_and_claim_takes_no_version(case, drafter_a):
    """The claim itself re-checks the status: a save racing a send-to-clearance writes nothing."""
    from unittest import mock

    real_latest = drafting.latest_version

    def clearance_meanwhile(c):  # type: ignore[no-untyped-def]
        Case.objects.filter(pk=c.pk).update(status="in_clearance")
        return real_latest(c)

    with (
        mock.patch.object(drafting, "latest_version", clearance_meanwhile),
        pytest.raises(drafting.NotEditable),
    ):
        save(case, drafter_a, "Too late.", None)
    assert not DraftVersion.objects.filter(case=case).exists()
