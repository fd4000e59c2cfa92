"""Parliamentary sessions, to label questions (UINs restart with each Commons session)."""

from __future__ import annotations

import datetime

# (name, first sitting day). A session runs until the next one opens; dissolution gaps table no
# questions, so they need no entry of their own.
SESSIONS: tuple[tuple[str, datetime.date], ...] = (
    ("2014-15", datetime.date(2014, 6, 4)),
    ("2015-16", datetime.date(2015, 5, 18)),
    ("2016-17", datetime.date(2016, 5, 18)),
    ("2017-19", datetime.date(2017, 6, 13)),
    ("2019", datetime.date(2019, 10, 14)),
    ("2019-21", datetime.date(2019, 12, 17)),
    ("2021-22", datetime.date(2021, 5, 11)),
    ("2022-23", datetime.date(2022, 5, 10)),
    ("2023-24", datetime.date(2023, 11, 7)),
    ("2024-26", datetime.date(2024, 7, 9)),
    ("2026-27", datetime.date(2026, 5, 13)),
)


def session_for(day: datetime.date) -> str:
    name = ""
    for session_name, opened in SESSIONS:
        if day >= opened:
            name = session_name
        else:
            break
    return name
