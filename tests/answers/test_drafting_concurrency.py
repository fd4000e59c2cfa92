"""Two people saving on the same version at the same moment, in two real transactions."""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from pqtracker.answers import drafting
from pqtracker.answers.drafting_rules import SaveDecision
from pqtracker.answers.models import DraftVersion
from tests.factories import CaseFactory, DraftVersionFactory


@pytest.mark.postgres
def test_simultaneous_saves_on_one_base_keep_both_texts(
    transactional_db, team_a, drafter_a, drafter_a2
):
    case = CaseFactory(status="drafting", policy_team=team_a, action_officer=drafter_a)
    DraftVersionFactory(case=case, number=1, answer_text="Base.")
    case.latest_version = 1
    case.save(update_fields=["latest_version"])
    start = threading.Barrier(2)
    results: dict[str, drafting.SaveResult] = {}
    errors: list[BaseException] = []

    def save(user, text):  # type: ignore[no-untyped-def]
        try:
            start.wait(timeout=10)
            results[text] = drafting.save_version(
                case=case,
                user=user,
                answer_text=text,
                background_note="",
                answer_type="substantive",
                base_number=1,
            )
        except BaseException as error:  # noqa: BLE001 - reported by the main thread
            errors.append(error)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=save, args=(drafter_a, "Alice's words.")),
        threading.Thread(target=save, args=(drafter_a2, "Bob's words.")),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert errors == []
    assert sorted(r.decision for r in results.values()) == [
        SaveDecision.CONFLICT,
        SaveDecision.SAVE,
    ]
    texts = set(DraftVersion.objects.filter(case=case).values_list("answer_text", flat=True))
    assert texts == {"Base.", "Alice's words.", "Bob's words."}
    assert sorted(DraftVersion.objects.filter(case=case).values_list("number", flat=True)) == [
        1,
        2,
        3,
    ]
