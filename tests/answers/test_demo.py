"""The demo puts questions in every workflow stage, once."""

from __future__ import annotations

import datetime

import pytest
from django.core.management import call_command

from pqtracker.answers.models import Case, CaseStatus, Comment, DraftVersion

pytestmark = pytest.mark.django_db


def test_seed_answers_demo_fills_every_stage_once(settings):
    settings.DEBUG = True
    from pqtracker.parliament.demo import loader

    loader.seed_demo_users(password="pq-tracker-demo-only", check_passwords=False)
    loader.seed_demo_questions(today=datetime.date.today())
    call_command("seed_answers_demo")
    statuses = set(Case.objects.values_list("status", flat=True))
    assert statuses == set(CaseStatus.values)
    assert DraftVersion.objects.exists() and Comment.objects.exists()
    before = Case.objects.count(), DraftVersion.objects.count()
    call_command("seed_answers_demo")
    assert (Case.objects.count(), DraftVersion.objects.count()) == before
