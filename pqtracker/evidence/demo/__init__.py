"""The demo's evidence: EHC plans, high needs funding and area SEND inspections by year.

Facts copied from the published figures (the files in ../shared/data/send named in each row's
``verified_against_file``), kept small and in the repository so the demo needs nothing else.
Two sample texts go with them: the 87924 funding sentence as drafted (flagged on both counts)
and as corrected (every number supported).
"""

from __future__ import annotations

import datetime
from pathlib import Path

from pqtracker.evidence import services
from pqtracker.evidence.parsing import ParsedFile
from pqtracker.evidence.readers import read_file

SEED_FILE = Path(__file__).resolve().parent / "seed_figures.csv"
MANIFEST = {
    "dataset": {
        "slug": "demo-evidence",
        "format": "headline",
        "coverage": "Demo: EHC plans, high needs funding, area SEND inspections",
    }
}

CITED = ["DEMO-HNB-2019-20", "DEMO-HNB-2021-22"]
DRAFT_FLAGGED = (
    "By financial year 2021-22, annual funding allocations to local authorities for high needs "
    "will have increased by more than £2 billion, or one third, since 2019-20."
)
DRAFT_PASSING = (
    "By financial year 2021-22, annual funding allocations to local authorities for high needs "
    "had increased by £1.6 billion, or around a quarter, since 2019-20, to £7.9 billion."
)


def seed(today: datetime.date | None = None) -> services.LoadReport:
    """Load the demo figures; safe to run again (an unchanged file writes nothing). ``today``
    is what every ``seed_demo`` seeder takes; these figures' dates are their own."""
    parsed: ParsedFile = read_file(SEED_FILE, MANIFEST)
    return services.load_parsed(parsed=parsed)
