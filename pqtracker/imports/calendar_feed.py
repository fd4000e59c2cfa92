"""Each House's recesses from Parliament's What's On calendar API.

``GET /calendar/events/nonsitting.json?queryParameters.house=Commons&queryParameters.startDate=
yyyy-mm-dd&queryParameters.endDate=yyyy-mm-dd`` answers with a JSON array of periods, PascalCase
keys, dates as local date-times: ``{"Id", "House", "StartDate", "EndDate", "Description", ...}``,
``StartDate`` the first and ``EndDate`` the last day the House does not sit. A period with no
parsable date is refused, never guessed at: the import then writes nothing for that House.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from pqtracker.calendar import services
from pqtracker.calendar.models import House
from pqtracker.calendar.sitting import Period
from pqtracker.imports.client import ParliamentClient, ParliamentUnavailable

# How far back and ahead a scheduled import looks: recesses are announced months ahead.
DEFAULT_BACK_DAYS = 60
DEFAULT_AHEAD_DAYS = 365


class MalformedCalendar(ParliamentUnavailable):
    pass


def _date(item: dict, key: str) -> datetime.date:
    raw = item.get(key)
    if not isinstance(raw, str) or len(raw) < 10:
        raise MalformedCalendar(f"calendar period {item.get('Id')!r}: no {key}")
    try:
        return datetime.date.fromisoformat(raw[:10])
    except ValueError as exc:
        raise MalformedCalendar(f"calendar period {item.get('Id')!r}: bad {key} {raw!r}") from exc


def periods_from_api(items: list, *, house: str) -> list[Period]:
    periods = []
    for item in items:
        if not isinstance(item, dict):
            raise MalformedCalendar("calendar period is not an object")
        if item.get("House") not in (None, house):
            continue  # the API has been seen to add the other House's periods
        start, end = _date(item, "StartDate"), _date(item, "EndDate")
        if end < start:
            raise MalformedCalendar(f"calendar period {item.get('Id')!r} ends before it starts")
        name = str(item.get("Description") or "Recess").strip()[:100]
        periods.append(Period(start, end, name))
    return periods


@dataclass(frozen=True)
class CalendarImport:
    house: str
    added: int
    removed: int
    kept_pq_team: int


def import_calendar(
    *,
    start: datetime.date | None = None,
    end: datetime.date | None = None,
    houses: tuple[str, ...] = (House.COMMONS, House.LORDS),
    client: ParliamentClient | None = None,
) -> list[CalendarImport]:
    """Fetch each House's periods, then replace that House's stored window in one transaction."""
    today = datetime.date.today()
    start = start or today - datetime.timedelta(days=DEFAULT_BACK_DAYS)
    end = end or today + datetime.timedelta(days=DEFAULT_AHEAD_DAYS)
    client = client or ParliamentClient()
    results = []
    for house in houses:
        periods = periods_from_api(
            client.list_non_sitting(house=house, start=start, end=end), house=house
        )
        counts = services.replace_from_parliament(
            house=house, start=start, end=end, periods=periods
        )
        results.append(CalendarImport(house=house, **counts))
    return results
