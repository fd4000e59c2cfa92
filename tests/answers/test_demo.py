"""The demo puts questions in every workflow stage, once."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from pqtracker.answers.models import Case, CaseStatus, Comment, DraftVersion

pytestmark = pytest.mark.django_db


def test_seed_answers_demo_fills_every_stage_once(settings):
    settings.DEBUG = True
    call_command("seed_demo", stdout=StringIO())
    statuses = set(Case.objects.values_list("status", flat=True))
    assert statuses == set(CaseStatus.values)
    assert DraftVersion.objects.exists() and Comment.objects.exists()
    before = Case.objects.count(), DraftVersion.objects.count()
    call_command("seed_demo", "--quiet-if-seeded", stdout=StringIO())
    assert (Case.objects.count(), DraftVersion.objects.count()) == before
