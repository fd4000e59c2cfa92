"""Citing figures in a draft, the figure check of a case, accepting a flag with a reason, and the
guard that keeps a flagged draft from the Minister."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from pqtracker.answers import figures, services
from pqtracker.answers.models import (
    Case,
    ClearanceRoleKind,
    ClearanceStepDefinition,
    ClearanceStepState,
    FigureAcceptance,
)
from pqtracker.audit.models import AuditEvent, AuditVerb
from pqtracker.evidence import demo as evidence_demo
from pqtracker.evidence.models import Citation, Figure
from tests.answers.conftest import save_draft

PASSING = evidence_demo.DRAFT_PASSING
FLAGGED = evidence_demo.DRAFT_FLAGGED


@pytest.fixture
def demo_figures(db):  # type: ignore[no-untyped-def]
    evidence_demo.seed()
    return {f.reference: f for f in Figure.objects.filter(reference__in=evidence_demo.CITED)}


@pytest.fixture
def cited(drafting, drafter_a, demo_figures):  # type: ignore[no-untyped-def]
    """A draft citing 2019-20 and 2021-22 high needs funding, its text the flagged sentence."""
    save_draft(drafting, drafter_a, FLAGGED)
    for reference in evidence_demo.CITED:
        services.cite_figure(case=drafting, actor=drafter_a, figure=demo_figures[reference])
    return drafting


def _send_to_private_office(case, drafter, clearer):  # type: ignore[no-untyped-def]
    """Into clearance and through to the step before the Minister's (Private Office)."""
    assert services.send_to_clearance(case=case, actor=drafter)
    while True:
        step = services.current_step(case)
        assert step is not None
        if figures.sends_to_minister(step):
            return step
        assert services.approve_step(step=step, actor=clearer)
        case.refresh_from_db()


# --- Citing --------------------------------------------------------------------------------------


def test_a_citation_targets_the_case_and_survives_new_versions(cited, drafter_a):
    citations = figures.case_citations(cited)
    assert [c.figure.reference for c in citations] == evidence_demo.CITED
    assert all(c.content_type.model_class() is Case and c.object_id == cited.pk for c in citations)
    save_draft(cited, drafter_a, PASSING)
    assert len(figures.case_citations(cited)) == 2
    assert figures.check_case(cited).ok


def test_a_citation_records_the_sentence_that_quotes_it(drafting, drafter_a, demo_figures):
    save_draft(drafting, drafter_a, PASSING)
    citation = services.cite_figure(
        case=drafting, actor=drafter_a, figure=demo_figures["DEMO-HNB-2021-22"]
    )
    assert citation.wording == PASSING
    assert AuditEvent.objects.filter(verb=AuditVerb.EVIDENCE_CITED).count() == 1


def test_citing_twice_changes_nothing(cited, drafter_a, demo_figures):
    services.cite_figure(case=cited, actor=drafter_a, figure=demo_figures["DEMO-HNB-2019-20"])
    assert Citation.objects.count() == 2


@pytest.mark.parametrize("who", ["drafter_b", "clearer", "clerk", "viewer"])
def test_only_the_drafting_team_may_cite_or_uncite(cited, demo_figures, who, request):
    user = request.getfixturevalue(who)
    figure = Figure.objects.get(reference="DEMO-HNB-2022-23")
    with pytest.raises(PermissionDenied):
        services.cite_figure(case=cited, actor=user, figure=figure)
    with pytest.raises(PermissionDenied):
        services.uncite_figure(case=cited, actor=user, citation=Citation.objects.first())
    assert Citation.objects.count() == 2


def test_citations_are_frozen_in_clearance(cited, drafter_a, clearance_chain):
    assert services.send_to_clearance(case=cited, actor=drafter_a)
    cited.refresh_from_db()
    with pytest.raises(ValidationError, match="In clearance"):
        services.cite_figure(
            case=cited, actor=drafter_a, figure=Figure.objects.get(reference="DEMO-HNB-2022-23")
        )
    with pytest.raises(ValidationError):
        services.uncite_figure(case=cited, actor=drafter_a, citation=Citation.objects.first())
    assert Citation.objects.count() == 2


def test_uncite_removes_only_this_cases_citation(cited, drafter_a, demo_figures):
    from tests.factories import CaseFactory

    other = CaseFactory(status="drafting", policy_team=cited.policy_team)
    theirs = services.cite_figure(
        case=other, actor=drafter_a, figure=demo_figures["DEMO-HNB-2019-20"]
    )
    with pytest.raises(ValidationError):
        services.uncite_figure(case=cited, actor=drafter_a, citation=theirs)
    mine = figures.case_citations(cited)[0]
    assert services.uncite_figure(case=cited, actor=drafter_a, citation=mine)
    assert not services.uncite_figure(case=cited, actor=drafter_a, citation=mine)
    assert [c.figure.reference for c in figures.case_citations(cited)] == ["DEMO-HNB-2021-22"]


def test_derived_figures_between_the_cited_ones(cited):
    derived = figures.derived(figures.case_citations(cited))
    assert [d.label for d in derived] == [
        "Change from [1] to [2]",
        "Percentage change from [1] to [2]",
    ]
    assert "£1,627m" in derived[0].derivation
    assert "+25.9%" in derived[1].derivation


# --- The check and accepting a flag --------------------------------------------------------------


def test_the_87924_sentence_is_flagged_on_both_counts(cited):
    check = figures.check_case(cited)
    assert [(f.as_written, f.status) for f in check.flags] == [
        ("more than £2 billion", "mismatched"),
        ("one third", "mismatched"),
    ]
    assert not check.ok


def test_accepting_a_flag_needs_a_reason_and_is_audited(cited, drafter_a):
    with pytest.raises(ValidationError, match="Say why"):
        services.accept_flag(
            case=cited, actor=drafter_a, text="£2 billion", status="mismatched", reason="  "
        )
    acceptance = services.accept_flag(
        case=cited,
        actor=drafter_a,
        text="£2 billion",
        status="mismatched",
        reason="The Spending Review total, not the allocations",
    )
    assert acceptance.version_number == cited.latest_version
    event = AuditEvent.objects.get(verb=AuditVerb.ANSWERS_FIGURE_ACCEPTED)
    assert event.target_id == str(cited.pk)
    assert event.data["figure"] == "more than £2 billion"
    assert event.data["reason"] == "The Spending Review total, not the allocations"
    check = figures.check_case(cited)
    assert [f.as_written for f in check.open_flags] == ["one third"]
    # Accepting it again writes nothing.
    again = services.accept_flag(
        case=cited, actor=drafter_a, text="£2 billion", status="mismatched", reason="Again"
    )
    assert again.pk == acceptance.pk
    assert AuditEvent.objects.filter(verb=AuditVerb.ANSWERS_FIGURE_ACCEPTED).count() == 1


def test_a_number_not_flagged_cannot_be_accepted(cited, drafter_a):
    with pytest.raises(ValidationError, match="not flagged"):
        services.accept_flag(
            case=cited, actor=drafter_a, text="£7.9 billion", status="mismatched", reason="x"
        )
    assert not FigureAcceptance.objects.exists()


def test_a_new_version_or_a_changed_number_needs_accepting_again(cited, drafter_a):
    for text in ("£2 billion", "one third"):
        services.accept_flag(
            case=cited, actor=drafter_a, text=text, status="mismatched", reason="Policy line"
        )
    assert figures.check_case(cited).ok
    save_draft(cited, drafter_a, FLAGGED.replace("£2 billion", "£2.5 billion"))
    check = figures.check_case(cited)
    assert [f.as_written for f in check.open_flags] == ["more than £2.5 billion", "one third"]


@pytest.mark.parametrize("who", ["drafter_b", "clearer_b", "clerk", "viewer"])
def test_outsiders_may_not_accept(cited, who, request):
    user = request.getfixturevalue(who)
    with pytest.raises(PermissionDenied):
        services.accept_flag(
            case=cited, actor=user, text="one third", status="mismatched", reason="Fine"
        )
    assert not FigureAcceptance.objects.exists()


def test_in_clearance_the_clearer_of_the_pending_step_accepts(
    cited, drafter_a, clearer, clearer_b, clearance_chain
):
    assert services.send_to_clearance(case=cited, actor=drafter_a)
    cited.refresh_from_db()
    assert services.can_accept_flags(clearer, cited)
    assert not services.can_accept_flags(clearer_b, cited)
    # The drafting team's draft is read-only in clearance: the clearer decides now.
    assert not services.can_accept_flags(drafter_a, cited)


def test_a_figure_cited_before_its_release_is_flagged(drafting, drafter_a, demo_figures):
    save_draft(drafting, drafter_a, PASSING)
    for reference in evidence_demo.CITED:
        services.cite_figure(case=drafting, actor=drafter_a, figure=demo_figures[reference])
    version = drafting.versions.get(number=drafting.latest_version)
    type(version).objects.filter(pk=version.pk).update(
        created_at=datetime.datetime(2022, 1, 10, 12, tzinfo=datetime.UTC)
    )
    check = figures.check_case(drafting)
    assert [(f.text, f.status) for f in check.flags] == [("DEMO-HNB-2021-22", "unreleased")]


# --- The Minister's door -------------------------------------------------------------------------


def test_approval_that_sends_a_flagged_draft_to_the_minister_is_refused(
    cited, drafter_a, clearer, clearance_chain
):
    step = _send_to_private_office(cited, drafter_a, clearer)
    assert step.name == "Private Office"
    with pytest.raises(ValidationError) as refused:
        services.approve_step(step=step, actor=clearer)
    message = refused.value.message_dict["figures"][0]
    assert "cannot go to the Minister" in message
    assert "“more than £2 billion” (mismatched)" in message
    step.refresh_from_db()
    assert step.state == ClearanceStepState.PENDING
    assert services.current_step(cited).pk == step.pk


def test_accepting_every_flag_lets_it_through(cited, drafter_a, clearer, clearance_chain):
    step = _send_to_private_office(cited, drafter_a, clearer)
    services.accept_flag(
        case=cited, actor=clearer, text="£2 billion", status="mismatched", reason="Agreed line"
    )
    with pytest.raises(ValidationError):
        services.approve_step(step=step, actor=clearer)
    services.accept_flag(
        case=cited, actor=clearer, text="one third", status="mismatched", reason="Agreed line"
    )
    assert services.approve_step(step=step, actor=clearer)
    assert services.current_step(cited).role_kind == ClearanceRoleKind.MINISTER


def test_a_fixed_draft_goes_through(cited, drafter_a, clearer, clearance_chain):
    save_draft(cited, drafter_a, PASSING)
    step = _send_to_private_office(cited, drafter_a, clearer)
    assert services.approve_step(step=step, actor=clearer)


def test_steps_before_the_minister_are_not_held_up(cited, drafter_a, clearer, clearance_chain):
    assert services.send_to_clearance(case=cited, actor=drafter_a)
    step = services.current_step(cited)
    assert step.name == "Deputy Director"
    assert not figures.sends_to_minister(step)
    assert services.approve_step(step=step, actor=clearer)


def test_without_a_minister_step_the_last_approval_is_guarded(
    cited, drafter_a, clearer, clearance_chain
):
    ClearanceStepDefinition.objects.exclude(role_kind=ClearanceRoleKind.DEPUTY_DIRECTOR).update(
        active=False
    )
    assert services.send_to_clearance(case=cited, actor=drafter_a)
    step = services.current_step(cited)
    assert figures.sends_to_minister(step)
    with pytest.raises(ValidationError):
        services.approve_step(step=step, actor=clearer)


def test_a_chain_that_starts_with_the_minister_guards_sending_to_clearance(
    cited, drafter_a, clearance_chain
):
    ClearanceStepDefinition.objects.exclude(role_kind=ClearanceRoleKind.MINISTER).update(
        active=False
    )
    with pytest.raises(ValidationError):
        services.send_to_clearance(case=cited, actor=drafter_a)
    cited.refresh_from_db()
    assert cited.status == "drafting"
