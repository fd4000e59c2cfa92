"""Sitting days from the rule and the stored calendar; the PQ team's edits; the consistency check
of the calendar against the due dates Parliament gave real Commons ordinary questions."""

from __future__ import annotations

import datetime
import io
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from pqtracker.audit.models import AuditEvent
from pqtracker.calendar import services
from pqtracker.calendar.models import CalendarDay, Recess, sitting_calendar
from pqtracker.calendar.sitting import Period, SittingCalendar
from pqtracker.imports.parsing import question_record_from_api
from pqtracker.parliament import batch
from pqtracker.parliament.calendar_check import calendar_disagreements
from tests.imports.conftest import list_item_values, timeline_versions

D = datetime.date
CHRISTMAS_2023 = Period(D(2023, 12, 20), D(2024, 1, 7), "Christmas recess")


def test_the_rule_monday_to_thursday_outside_recesses_and_bank_holidays():
    calendar = SittingCalendar.build("Commons", [CHRISTMAS_2023], [])
    assert calendar.sits(D(2023, 12, 19))  # Tuesday, the day the House rose
    assert not calendar.sits(D(2023, 12, 15))  # Friday
    assert not calendar.sits(D(2023, 12, 20))  # in the recess
    assert calendar.sits(D(2024, 1, 8))
    assert not calendar.sits(D(2024, 4, 1))  # Easter Monday
    assert calendar.next_sitting_day(D(2023, 12, 19)) == D(2024, 1, 8)


def test_stored_days_override_the_rule_both_ways():
    friday, thursday = D(2023, 12, 8), D(2023, 12, 14)
    calendar = SittingCalendar.build(
        "Commons", [CHRISTMAS_2023], [(friday, True), (thursday, False), (D(2024, 1, 3), True)]
    )
    assert calendar.sits(friday) and not calendar.sits(thursday)
    assert calendar.sits(D(2024, 1, 3))  # recalled in the recess


@pytest.mark.parametrize(
    ("tabled", "due"),
    [
        # Real pairs from the record (../shared/data/parliament), Commons ordinary questions.
        (D(2023, 12, 6), D(2023, 12, 11)),  # Wednesday -> Monday
        (D(2023, 12, 7), D(2023, 12, 11)),  # Thursday -> Monday
        (D(2023, 12, 8), D(2023, 12, 12)),  # Friday -> Tuesday
        (D(2023, 12, 19), D(2024, 1, 8)),  # the day the House rose -> the first day back
        (D(2024, 1, 5), D(2024, 1, 9)),  # tabled in the recess
        (D(2024, 11, 11), D(2024, 11, 13)),
    ],
)
def test_expected_date_for_answer_matches_the_record(tabled, due):  # type: ignore[no-untyped-def]
    calendar = SittingCalendar.build("Commons", [CHRISTMAS_2023], [])
    assert calendar.expected_date_for_answer(tabled) == due


@pytest.mark.django_db
def test_initial_data_holds_both_houses_recesses():
    commons = sitting_calendar("Commons")
    assert commons.recess_on(D(2024, 12, 25)).name == "Christmas recess"  # type: ignore[union-attr]
    assert not commons.sits(D(2024, 6, 12))  # dissolution for the 2024 general election
    assert Recess.objects.filter(house="Lords").exists()
    assert not Recess.objects.filter(source_note="").exists()  # every row says where it came from


@pytest.mark.django_db
def test_pq_team_edits_are_validated_and_audited(pq_team):  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError) as end_first:
        services.add_recess(
            actor=pq_team, house="Commons", name="Bad", start=D(2030, 2, 10), end=D(2030, 2, 1)
        )
    assert "end" in end_first.value.message_dict
    with pytest.raises(ValidationError) as overlap:
        services.add_recess(
            actor=pq_team, house="Commons", name="Again", start=D(2024, 12, 24), end=D(2025, 1, 2)
        )
    assert "start" in overlap.value.message_dict
    recess = services.add_recess(
        actor=pq_team, house="Commons", name="Whitsun", start=D(2030, 5, 24), end=D(2030, 6, 2)
    )
    day = services.set_day(actor=pq_team, house="Commons", date=D(2030, 3, 8), sits=True)
    assert services.remove_recess(actor=pq_team, recess=recess) is True
    assert services.remove_recess(actor=pq_team, recess=recess) is False
    assert services.clear_day(actor=pq_team, day=day) is True
    verbs = list(AuditEvent.objects.order_by("id").values_list("verb", flat=True))
    assert verbs == [
        "calendar.recess_added",
        "calendar.day_set",
        "calendar.recess_removed",
        "calendar.day_cleared",
    ]
    assert not CalendarDay.objects.exists()


def _import_real(parliament_data: Path) -> None:
    latest: dict[int, dict] = {}
    for value in list_item_values(parliament_data):
        latest.setdefault(value["id"], value)
    latest.update({pk: v[-1] for pk, v in timeline_versions(parliament_data).items()})
    records = [question_record_from_api(v, full_text=True) for v in latest.values()]
    batch.upsert_questions(records=records)


@pytest.mark.shared
@pytest.mark.django_db
def test_initial_calendar_agrees_with_every_real_due_date(parliament_data, pq_team):  # type: ignore[no-untyped-def]
    _import_real(parliament_data)
    assert calendar_disagreements() == []
    out = io.StringIO()
    call_command("check_calendar", stdout=out)
    assert "disagreements: 0" in out.getvalue()

    # Without the Christmas recess, the question tabled as the House rose would have been due on
    # 21 December 2023: the check names the date and the command fails.
    services.remove_recess(
        actor=pq_team, recess=Recess.objects.get(house="Commons", start=D(2023, 12, 20))
    )
    (found,) = calendar_disagreements()
    assert (found.date_tabled, found.record_says, found.calendar_says) == (
        D(2023, 12, 19),
        D(2024, 1, 8),
        D(2023, 12, 21),
    )
    with pytest.raises(CommandError):
        call_command("check_calendar", stdout=io.StringIO())


@pytest.mark.django_db
def test_admin_edits_go_through_the_services(client):  # type: ignore[no-untyped-def]
    from tests.factories import UserFactory

    client.force_login(UserFactory(username="admin", is_staff=True, is_superuser=True))
    form = {"house": "Commons", "kind": "recess", "name": "Whitsun", "start": "2030-05-24",
            "end": "2030-06-02"}  # fmt: skip
    assert client.post("/admin/pq_calendar/recess/add/", form).status_code == 302
    assert AuditEvent.objects.filter(verb="calendar.recess_added").count() == 1
    overlapping = client.post("/admin/pq_calendar/recess/add/", {**form, "start": "2030-05-30"})
    assert overlapping.status_code == 200 and "overlap" in overlapping.content.decode()
    assert Recess.objects.filter(name="Whitsun").count() == 1
