from __future__ import annotations

import pytest

from pqtracker.evidence import demo


@pytest.fixture
def demo_figures(db):  # type: ignore[no-untyped-def]
    """The demo's small evidence set: EHC plans, high needs funding, area SEND inspections."""
    demo.seed()
