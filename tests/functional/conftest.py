"""The demo data the journeys look at (the `browser` fixture is in tests/conftest.py)."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command


@pytest.fixture
def seeded(transactional_db, settings) -> None:  # type: ignore[no-untyped-def]
    settings.DEBUG = True  # seed_demo refuses to run otherwise (it creates demo users)
    call_command("seed_demo", stdout=StringIO())
    settings.DEBUG = False
