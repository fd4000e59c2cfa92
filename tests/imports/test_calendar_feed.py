"""import_calendar: Parliament's recesses replace the initial and earlier imported ones in the
window, never the PQ team's own; a bad or unreachable feed writes nothing."""

from __future__ import annotations

import datetime
import io
from collections.abc import Iterator

import pytest
from django.core.management import CommandError, call_command

from pqtracker.calendar import services
from pqtracker.calendar.models import Recess, Source
from pqtracker.imports.tasks import import_calendar_task
from tests.imports.fake_whatson import FakeWhatsOn

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def whatson(settings) -> Iterator[FakeWhatsOn]:  # type: ignore[no-untyped-def]
    fake = FakeWhatsOn.recorded()
    settings.PARLIAMENT_CALENDAR_API_URL = fake.url
    settings.PARLIAMENT_API_MAX_RPS = 10_000
    settings.PARLIAMENT_API_BACKOFF_SECONDS = 0.001
    settings.PARLIAMENT_API_RETRIES = 1
    yield fake
    fake.stop()


def run(*args: str) -> str:
    out = io.StringIO()
    call_command(
        "import_calendar", "--start", "2026-09-01", "--end", "2027-03-31", *args, stdout=out
    )
    return out.getvalue()


def test_import_replaces_the_window_and_asks_in_the_documented_shape(whatson):  # type: ignore[no-untyped-def]
    out = run()
    assert "Commons: 3 periods added, 1 replaced" in out  # the initial conference recess
    commons = Recess.objects.filter(house="Commons", start__gte=D(2026, 9, 1))
    assert [(r.name, r.start, r.end, r.source) for r in commons] == [
        ("Conference recess", D(2026, 9, 16), D(2026, 10, 11), Source.API),
        ("Christmas recess", D(2026, 12, 18), D(2027, 1, 4), Source.API),
        ("February recess", D(2027, 2, 12), D(2027, 2, 21), Source.API),
    ]
    assert whatson.requests[0] == {
        "queryParameters.house": "Commons",
        "queryParameters.startDate": "2026-09-01",
        "queryParameters.endDate": "2027-03-31",
    }
    # Rerunning (as beat does) changes nothing.
    run()
    assert Recess.objects.filter(house="Commons", start__gte=D(2026, 9, 1)).count() == 3
    # Outside the window, the initial data stays.
    assert Recess.objects.filter(house="Commons", start=D(2023, 12, 20)).exists()


def test_the_pq_teams_own_entry_wins_over_the_feed(whatson, pq_team):  # type: ignore[no-untyped-def]
    services.add_recess(
        actor=pq_team, house="Lords", name="Christmas", start=D(2026, 12, 18), end=D(2027, 1, 5)
    )
    assert "Lords: 0 periods added, 0 replaced, 1 left" in run("--house", "Lords")
    (lords,) = Recess.objects.filter(house="Lords", start__gte=D(2026, 9, 1))
    assert lords.source == Source.PQ_TEAM and lords.end == D(2027, 1, 5)


def test_bad_or_unreachable_feed_writes_nothing(whatson):  # type: ignore[no-untyped-def]
    before = list(Recess.objects.values_list("house", "start", "end"))
    bad = {"Id": 9, "House": "Commons", "StartDate": "2026-11-31T00:00:00", "EndDate": "2026-12-01"}
    whatson.periods.append(bad)
    with pytest.raises(CommandError, match="bad StartDate"):
        run()
    whatson.periods.pop()
    whatson.status = 503
    with pytest.raises(CommandError, match="unavailable"):
        run()
    assert list(Recess.objects.values_list("house", "start", "end")) == before


def test_beat_task_imports_both_houses(whatson):  # type: ignore[no-untyped-def]
    import_calendar_task.delay()
    houses = {q["queryParameters.house"] for q in whatson.requests}
    assert houses == {"Commons", "Lords"}
