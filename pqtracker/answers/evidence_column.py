"""The draft editor's evidence column: the figure finder and what the case cites and checks.

Context builders shared by the editor (``views_drafts``) and the citing views
(``views_figures``), so neither view module imports the other both ways.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from pqtracker.answers import figures, permissions, services
from pqtracker.answers.models import Case
from pqtracker.evidence import lookup
from pqtracker.evidence.forms import FigureSearchForm
from pqtracker.evidence.models import Figure

FINDER_LIMIT = 10


def finder(request: HttpRequest) -> dict[str, Any]:
    """The figure finder's form and its first results (the evidence search's own rules)."""
    form = FigureSearchForm(request.GET or None)
    searched = form.is_bound and form.is_valid() and any(form.cleaned_data.values())
    results: list[Figure] = []
    if searched:
        results = list(lookup.search_figures(form.cleaned_data)[: FINDER_LIMIT + 1])
        for figure in results:
            figure.shown = lookup.display_value(  # type: ignore[attr-defined]
                figure.value, figure.unit, figure.marker
            )
    return {
        "finder_form": form,
        "finder_searched": searched,
        "finder_results": results[:FINDER_LIMIT],
        "finder_more": len(results) > FINDER_LIMIT,
        "finder_query": request.GET.urlencode(),
    }


def evidence_context(
    request: HttpRequest, case: Case, *, text: str | None = None
) -> dict[str, Any]:
    """What the editor's evidence column shows: sources, derived figures, the check of ``text``
    (by default the latest version's), and who may change what."""
    citations = figures.case_citations(case)
    user = request.user
    return {
        "sources": figures.sources(case, citations),
        "derived": figures.derived(citations),
        "check": figures.check_case(case, text=text, citations=citations),
        "can_cite": permissions.can_edit_draft(user, case),
        "can_accept": services.can_accept_flags(user, case),
        "check_back": "editor",
    }
