from __future__ import annotations

import datetime

import pytest

from tests.factories import AnsweringBodyFactory

# The dashboard's day in its tests: a Wednesday, so "tomorrow" and "this week" are working days.
TODAY = datetime.date(2026, 12, 2)


@pytest.fixture
def on_a_wednesday(monkeypatch):  # type: ignore[no-untyped-def]
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: TODAY)


@pytest.fixture
def dfe(db):  # type: ignore[no-untyped-def]
    return AnsweringBodyFactory(parliament_id=60, name="Department for Education")
