"""Figures as the figure check sees them, and as pages show them."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Model, Q

from pqtracker.evidence.figure_check import CheckResult, CitedFigure, check_text
from pqtracker.evidence.models import (
    UNIT_SCALE,
    Citation,
    Figure,
    FigureQuerySet,
    GeographyLevel,
    Unit,
)


def _plain(value: Decimal) -> str:
    text = f"{value.normalize():,f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def display_value(value: Decimal | None, unit: str, marker: str = "") -> str:
    """A value as published, with its unit: "£6,279m", "£7,906,348,577", "25.9%", "473,255"."""
    if value is None:
        return {"z": "not applicable", "x": "not available", "c": "suppressed"}.get(
            marker, f"marker “{marker}”"
        )
    if unit == Unit.GBP_MILLION:
        return f"£{_plain(value)}m"
    if unit == Unit.GBP_BILLION:
        return f"£{_plain(value)} billion"
    if unit == Unit.GBP:
        return f"£{_plain(value)}"
    if unit == Unit.PERCENT:
        return f"{_plain(value)}%"
    return _plain(value)


def search_figures(data: Mapping[str, Any]) -> FigureQuerySet:
    """Figures matching a FigureSearchForm's cleaned data, in series order: every word of the
    measure (or reference), the area's name or code, the level, the period. With no criterion,
    the national totals, the figures most answers quote. The browse page and the draft editor's
    figure finder both search with this."""
    figures = Figure.objects.for_browse()
    if not any(data.values()):
        figures = figures.filter(geography_level=GeographyLevel.NATIONAL, breakdown="")
    else:
        for word in data.get("measure", "").split():
            figures = figures.filter(Q(measure__icontains=word) | Q(reference__icontains=word))
        if data.get("geography"):
            figures = figures.filter(
                Q(geography_name__icontains=data["geography"])
                | Q(geography_code__iexact=data["geography"])
            )
        if data.get("level"):
            figures = figures.filter(geography_level=data["level"])
        if data.get("period"):
            figures = figures.filter(period__icontains=data["period"])
    return figures.order_by("measure", "geography_name", "period_start", "pk")


def cited_figure(figure: Figure) -> CitedFigure:
    revised = figure.revised_by
    return CitedFigure(
        reference=figure.reference,
        measure=figure.measure,
        geography=figure.geography_name,
        period=figure.period,
        period_start=figure.period_start,
        value=float(figure.value) if figure.value is not None else None,
        base_value=float(figure.value * UNIT_SCALE[figure.unit])
        if figure.value is not None
        else None,
        kind=str(figure.kind),
        display=display_value(figure.value, figure.unit, figure.marker),
        release_date=figure.release_date,
        revised_by=revised.reference if revised else "",
        revised_display=display_value(revised.value, revised.unit, revised.marker)
        if revised
        else "",
    )


def figures_by_reference(references: Iterable[str]) -> tuple[list[Figure], list[str]]:
    """The figures named, in the order named, and the references that name none."""
    wanted = list(dict.fromkeys(r.strip() for r in references if r.strip()))
    found = {f.reference: f for f in Figure.objects.for_browse().filter(reference__in=wanted)}
    return [found[r] for r in wanted if r in found], [r for r in wanted if r not in found]


def check(
    text: str, figures: Iterable[Figure], *, draft_date: datetime.date | None = None
) -> CheckResult:
    return check_text(text, [cited_figure(f) for f in figures], draft_date=draft_date)


def check_cited_by(
    target: Model, text: str, *, draft_date: datetime.date | None = None
) -> CheckResult:
    """The check of ``text`` against every figure ``target`` (a draft, an answer) cites, both
    figures of a derived citation included: what a clearance guard or the editor calls."""
    figures: dict[int, Figure] = {}
    for citation in Citation.objects.filter(
        content_type=ContentType.objects.get_for_model(target), object_id=target.pk
    ).select_related("figure__revised_by", "base_figure__revised_by"):
        figures[citation.figure_id] = citation.figure
        if citation.base_figure is not None:
            figures[citation.base_figure.pk] = citation.base_figure
    return check(text, figures.values(), draft_date=draft_date)
