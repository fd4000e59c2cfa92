"""Every demo case's drafting pages open for the PQ team, and for the demo drafter where the case
is their team's: what a new user meets first after ``make run``."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from pqtracker.accounts.models import User
from pqtracker.answers import permissions
from pqtracker.answers.drafting_rules import is_conflict
from pqtracker.answers.models import Case

pytestmark = pytest.mark.django_db


def test_demo_drafting_pages_open(client, settings):
    settings.DEBUG = True
    call_command("seed_demo", stdout=StringIO())
    drafter = User.objects.get(username="drafter")
    cases = list(Case.objects.filter(latest_version__gt=0))
    assert cases
    client.force_login(User.objects.get(username="pq_team"))
    for case in cases:
        assert client.get(reverse("drafts:editor", args=[case.pk])).status_code == 200
        assert client.get(reverse("drafts:clearance-pack", args=[case.pk])).status_code == 200
        for version in case.versions.all():
            url = reverse("drafts:version", args=[case.pk, version.number])
            assert client.get(url).status_code == 200
            conflict = reverse("drafts:conflict", args=[case.pk, version.number])
            expected = 200 if is_conflict(number=version.number, based_on=version.based_on) else 404
            assert client.get(conflict).status_code == expected
    client.force_login(drafter)
    for case in cases:
        expected = 200 if permissions.can_view_content(drafter, case) else 404
        assert client.get(reverse("drafts:editor", args=[case.pk])).status_code == expected


def test_demo_drafts_citing_figures_show_their_sources_and_check(client, settings):
    """The evidence demo's two drafts: the corrected funding sentence passes, the 87924 one is
    flagged on both counts; both in the demo drafter's editor, with their numbered sources."""
    from pqtracker.answers import figures
    from pqtracker.evidence import demo as evidence_demo

    settings.DEBUG = True
    call_command("seed_demo", stdout=StringIO())
    call_command("seed_demo", "--quiet-if-seeded", stdout=StringIO())  # runs again: no more
    drafts = {
        case.versions.get(number=case.latest_version).answer_text: case
        for case in Case.objects.filter(status="drafting")
        if figures.case_citations(case)
    }
    assert set(drafts) == {evidence_demo.DRAFT_PASSING, evidence_demo.DRAFT_FLAGGED}
    client.force_login(User.objects.get(username="drafter"))
    passing = client.get(reverse("drafts:editor", args=[drafts[evidence_demo.DRAFT_PASSING].pk]))
    page = passing.content.decode()
    assert 'data-figure-check="passed"' in page
    assert "2021-22: £7,906m" in page and "Change from [1] to [2]" in page
    flagged = client.get(reverse("drafts:editor", args=[drafts[evidence_demo.DRAFT_FLAGGED].pk]))
    page = flagged.content.decode()
    assert 'data-figure-check="flagged"' in page
    assert "more than £2 billion" in page and "one third" in page
    assert [f.status for f in figures.check_case(drafts[evidence_demo.DRAFT_FLAGGED]).flags] == [
        "mismatched",
        "mismatched",
    ]
