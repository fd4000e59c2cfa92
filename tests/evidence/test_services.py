"""cite/uncite (audited, idempotent), the question-page panel, and the check_figures command."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.test import RequestFactory

from pqtracker.audit.models import AuditEvent
from pqtracker.evidence import demo, panels, services
from pqtracker.evidence.models import Citation, Figure
from pqtracker.parliament import extensions
from pqtracker.parliament.models import WrittenQuestion
from tests.factories import answered_question

pytestmark = pytest.mark.django_db


def test_cite_is_audited_and_idempotent(drafter, demo_figures):
    question = answered_question()
    answer = question.answers.get()
    later = Figure.objects.get(reference="DEMO-HNB-2021-22")
    earlier = Figure.objects.get(reference="DEMO-HNB-2019-20")
    citation = services.cite(
        actor=drafter, target=answer, figure=later, base_figure=earlier, wording="£1.6 billion"
    )
    again = services.cite(actor=drafter, target=answer, figure=later, base_figure=earlier)
    assert citation.pk == again.pk and Citation.objects.count() == 1
    event = AuditEvent.objects.get(verb="evidence.cited")
    assert event.actor == drafter and event.data["base_figure"] == "DEMO-HNB-2019-20"
    assert event.data["cited_by"] == f"parliament.answer:{answer.pk}"
    assert (event.target_type, event.target_id) == ("parliament.answer", str(answer.pk))
    assert services.uncite(actor=drafter, citation=citation) is True
    assert services.uncite(actor=drafter, citation=citation) is False
    removed = AuditEvent.objects.get(verb="evidence.uncited")
    assert (removed.target_type, removed.target_id) == ("parliament.answer", str(answer.pk))


def test_a_derived_figure_needs_figures_of_one_kind(drafter, demo_figures):
    answer = answered_question().answers.get()
    with pytest.raises(ValueError, match="one kind"):
        services.cite(
            actor=drafter,
            target=answer,
            figure=Figure.objects.get(reference="DEMO-HNB-2021-22"),
            base_figure=Figure.objects.get(reference="DEMO-EHCP-2022"),
        )
    assert not Citation.objects.exists()
    assert not AuditEvent.objects.filter(verb="evidence.cited").exists()


def test_the_question_page_panel_lists_the_answers_sources(viewer, drafter, demo_figures):
    question = answered_question()
    request = RequestFactory().get("/")
    request.user = viewer
    assert panels.citations_context(request, question) is None  # nothing cited: no panel
    services.cite(
        actor=drafter,
        target=question.answers.get(),
        figure=Figure.objects.get(reference="DEMO-EHCP-2025"),
    )
    context = panels.citations_context(request, question)
    assert [(c.figure.reference, shown) for c, shown in context["citations"]] == [
        ("DEMO-EHCP-2025", "638,745")
    ]
    assert "evidence-citations" in {p.key for p in extensions.question_panels()}


def test_the_panel_keeps_the_sources_and_follows_each_citation(
    viewer, drafter, demo_figures, django_assert_num_queries
):
    question = WrittenQuestion.objects.prefetch_related("answers").get(pk=answered_question().pk)
    request = RequestFactory().get("/")
    request.user = viewer
    assert panels.citations_context(request, question) is None
    with django_assert_num_queries(0):  # kept: most answers cite nothing, found without a query
        assert panels.citations_context(request, question) is None
    citation = services.cite(
        actor=drafter,
        target=question.answers.get(),
        figure=Figure.objects.get(reference="DEMO-EHCP-2025"),
    )
    context = panels.citations_context(request, question)
    assert context and [c.figure.reference for c, _shown in context["citations"]] == [
        "DEMO-EHCP-2025"
    ]
    assert services.uncite(actor=drafter, citation=citation)
    assert panels.citations_context(request, question) is None


def run(*args: str) -> tuple[int, str]:
    out = StringIO()
    try:
        call_command("check_figures", *args, stdout=out)
    except SystemExit as exit_:
        return int(exit_.code or 0), out.getvalue()
    return 0, out.getvalue()


def test_check_figures_json_and_exit_status(demo_figures):
    cites = [arg for ref in demo.CITED for arg in ("--cite", ref)]
    status, out = run(*cites, "--text", demo.DRAFT_FLAGGED, "--json")
    result = json.loads(out)
    assert status == 1
    assert [(f["text"], f["status"]) for f in result["flagged"]] == [
        ("£2 billion", "mismatched"),
        ("one third", "mismatched"),
    ]
    assert all(f["reason"] for f in result["flagged"]) and result["supported"] == []
    status, out = run(*cites, "--text", demo.DRAFT_PASSING, "--json")
    result = json.loads(out)
    assert status == 0 and result["flagged"] == []
    assert [s["text"] for s in result["supported"]] == ["£1.6 billion", "a quarter", "£7.9 billion"]
    assert result["supported"][0]["derivation"] == "£7,906m − £6,279m = £1,627m (£1.63 billion)"


def test_check_figures_reads_a_file_and_flags_figures_released_after_the_draft(
    tmp_path, demo_figures
):
    draft = tmp_path / "draft.txt"
    draft.write_text("Allocations were £7.9 billion in 2021-22.", encoding="utf-8")
    status, out = run("--cite", "DEMO-HNB-2021-22", "--file", str(draft), "--date", "2022-01-05")
    assert status == 1 and "FLAGGED unreleased: DEMO-HNB-2021-22" in out
    assert run("--cite", "DEMO-HNB-2021-22", "--file", str(draft))[0] == 0


def test_check_figures_refuses_unknown_references(demo_figures):
    with pytest.raises(CommandError, match="No figure has the reference NOPE"):
        call_command("check_figures", "--cite", "NOPE", "--text", "1", stdout=StringIO())


def test_check_cited_by_uses_both_figures_of_a_derived_citation(drafter, demo_figures):
    from pqtracker.evidence import lookup

    answer = answered_question().answers.get()
    assert not lookup.check_cited_by(answer, demo.DRAFT_PASSING).ok  # nothing cited yet
    services.cite(
        actor=drafter,
        target=answer,
        figure=Figure.objects.get(reference="DEMO-HNB-2021-22"),
        base_figure=Figure.objects.get(reference="DEMO-HNB-2019-20"),
    )
    assert lookup.check_cited_by(answer, demo.DRAFT_PASSING).ok
    flagged = lookup.check_cited_by(answer, demo.DRAFT_FLAGGED)
    assert [r.number.text for r in flagged.flagged] == ["£2 billion", "one third"]
