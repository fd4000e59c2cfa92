"""Browse the evidence library and run the figure check. Every role that sees questions may."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.views.decorators.http import require_http_methods, require_safe

from pqtracker.accounts.decorators import require_permission
from pqtracker.accounts.permissions import Permission
from pqtracker.evidence import lookup
from pqtracker.evidence.charts import line_chart
from pqtracker.evidence.forms import CheckForm, FigureSearchForm
from pqtracker.evidence.models import UNIT_SCALE, Figure, GeographyLevel, Publication
from pqtracker.web.htmx import render_page

PAGE_SIZE = 50


@require_safe
@require_permission(Permission.VIEW_QUESTIONS)
def figure_search(request: HttpRequest) -> HttpResponse:
    form = FigureSearchForm(request.GET or None)
    figures = lookup.search_figures(form.cleaned_data if form.is_valid() else {})
    page = Paginator(figures, PAGE_SIZE)
    page_obj = page.get_page(request.GET.get("page"))
    for figure in page_obj:
        figure.shown = lookup.display_value(  # type: ignore[attr-defined]
            figure.value, figure.unit, figure.marker
        )
    query = request.GET.copy()
    query.pop("page", None)
    return render_page(
        request,
        "evidence/figure_search.html",
        {"form": form, "page_obj": page_obj, "query": query.urlencode()},
        partial="results",
    )


@require_safe
@require_permission(Permission.VIEW_QUESTIONS)
def figure_detail(request: HttpRequest, reference: str) -> HttpResponse:
    figure = get_object_or_404(Figure.objects.for_browse(), reference=reference)
    series = list(
        Figure.objects.for_browse()
        .filter(
            measure=figure.measure,
            geography_code=figure.geography_code,
            breakdown=figure.breakdown,
            dataset=figure.dataset,
        )
        .order_by("period_start", "period")
    )
    rows = [(f, lookup.display_value(f.value, f.unit, f.marker)) for f in series]
    chart = line_chart(
        [
            (f.period, float(f.value * UNIT_SCALE[f.unit]), shown)
            for f, shown in rows
            if f.value is not None
        ]
    )
    compare = (
        Figure.objects.filter(
            measure=figure.measure,
            period=figure.period,
            breakdown=figure.breakdown,
            dataset=figure.dataset,
            geography_level=GeographyLevel.LOCAL_AUTHORITY,
        ).exists()
        and figure.geography_level != GeographyLevel.LOCAL_AUTHORITY
    )
    return TemplateResponse(
        request,
        "evidence/figure_detail.html",
        {
            "figure": figure,
            "shown": lookup.display_value(figure.value, figure.unit, figure.marker),
            "rows": rows,
            "chart": chart,
            "compare": compare or figure.geography_level == GeographyLevel.LOCAL_AUTHORITY,
        },
    )


@require_safe
@require_permission(Permission.VIEW_QUESTIONS)
def la_comparison(request: HttpRequest, reference: str) -> HttpResponse:
    figure = get_object_or_404(Figure.objects.for_browse(), reference=reference)
    figures = list(
        Figure.objects.filter(
            measure=figure.measure,
            period=figure.period,
            breakdown=figure.breakdown,
            dataset=figure.dataset,
            geography_level=GeographyLevel.LOCAL_AUTHORITY,
        ).order_by("-value", "geography_name")
    )
    if not figures:
        raise Http404("No local authority figures for this measure and period.")
    return TemplateResponse(
        request,
        "evidence/la_comparison.html",
        {
            "figure": figure,
            "rows": [(f, lookup.display_value(f.value, f.unit, f.marker)) for f in figures],
        },
    )


@require_safe
@require_permission(Permission.VIEW_QUESTIONS)
def publication_detail(request: HttpRequest, slug: str) -> HttpResponse:
    publication = get_object_or_404(Publication, slug=slug)
    return TemplateResponse(
        request,
        "evidence/publication_detail.html",
        {"publication": publication, "datasets": publication.datasets.all()},
    )


@require_http_methods(["GET", "HEAD", "POST"])
@require_permission(Permission.VIEW_QUESTIONS)
def figure_check(request: HttpRequest) -> HttpResponse:
    """The check of any posted text against the figures it names (the draft editor checks a
    draft against its case's citations itself: answers.views_figures)."""
    form = CheckForm(request.POST or None)
    result = missing = None
    if request.method == "POST" and form.is_valid():
        figures, missing = lookup.figures_by_reference(form.references_list())
        if missing:
            form.add_error("references", f"No figure has the reference {', '.join(missing)}")
        else:
            result = lookup.check(
                form.cleaned_data["text"], figures, draft_date=form.cleaned_data["draft_date"]
            )
    return render_page(
        request, "evidence/figure_check.html", {"form": form, "result": result}, partial="result"
    )
