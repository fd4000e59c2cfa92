"""Where higher apps add to the public record's pages without the record importing them.

The public record sits low in the app layers (docs/adr/0004-app-layers.md): search, evidence,
answers and deadlines all build on it, so it must never import them. Each of those apps registers
what it adds to the question page, the question list and their filters here, from its
``AppConfig.ready()``; the record's views ask the registry. Wagtail's hooks work the same way.

Three kinds of contribution:

- a **panel** on a question's page: a template and a function that gives its context for one
  question and the signed-in user (``None`` hides the panel, e.g. when the user may not see it);
- **tags** on a list row (question list, search results, work queues): one call per page of
  questions, so a page costs one query per provider, never one per row;
- a **filter** on the question list and search: a criterion's key and how it narrows a queryset.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from django.http import HttpRequest

    from pqtracker.parliament.models import WrittenQuestion
    from pqtracker.parliament.models.questions import WrittenQuestionQuerySet

# Where a panel goes on the question page.
HEADING = "heading"  # beside the status tag under the title (a tag, not a section)
MAIN = "main"  # full width, below the answer and its details, above the change history
SIDE = "side"  # the narrow column, below the details


@dataclass(frozen=True)
class QuestionPanel:
    key: str
    template: str
    context: Callable[[HttpRequest, WrittenQuestion], Mapping[str, Any] | None]
    order: int = 100
    region: str = MAIN


@dataclass(frozen=True)
class ShownPanel:
    """A panel with its context for one question, ready for the template to include."""

    key: str
    template: str
    context: Mapping[str, Any]


@dataclass(frozen=True)
class Tag:
    text: str
    colour: str = ""  # a GOV.UK tag modifier ("turquoise", "red", "grey"); "" is blue


@dataclass(frozen=True)
class TagProvider:
    """``tags_for(question_ids)``; with ``per_user``, ``tags_for(question_ids, user)``: for tags
    only some people may see (the provider narrows by ``user``; without one it is not asked).
    Ids, not rows: a page whose rows' rendering is kept (ADR 19) never reads the rows."""

    key: str
    tags_for: Callable[..., Mapping[int, Sequence[Tag]]]
    order: int = 100
    per_user: bool = False


@dataclass(frozen=True)
class QuestionFilter:
    key: str
    apply: Callable[[WrittenQuestionQuerySet, Any], WrittenQuestionQuerySet]


@dataclass
class _Registry:
    panels: dict[str, QuestionPanel]
    tag_providers: dict[str, TagProvider]
    filters: dict[str, QuestionFilter]


_registry = _Registry(panels={}, tag_providers={}, filters={})


def register_question_panel(panel: QuestionPanel) -> None:
    """Add (or, under the same key, replace: ``ready()`` may run twice in tests) a panel."""
    _registry.panels[panel.key] = panel


def register_tag_provider(provider: TagProvider) -> None:
    _registry.tag_providers[provider.key] = provider


def register_question_filter(question_filter: QuestionFilter) -> None:
    _registry.filters[question_filter.key] = question_filter


def question_panels(region: str | None = None) -> list[QuestionPanel]:
    panels = sorted(_registry.panels.values(), key=lambda p: (p.order, p.key))
    return [p for p in panels if region is None or p.region == region]


def panels_for(request: HttpRequest, question: WrittenQuestion) -> dict[str, list[ShownPanel]]:
    """The panels to show on ``question``'s page, by region, in order; hidden ones left out."""
    shown: dict[str, list[ShownPanel]] = {HEADING: [], MAIN: [], SIDE: []}
    for panel in question_panels():
        context = panel.context(request, question)
        if context is not None:
            shown.setdefault(panel.region, []).append(
                ShownPanel(panel.key, panel.template, context)
            )
    return shown


def tags_for(question_ids: Sequence[int], user: Any = None) -> dict[int, list[Tag]]:
    """Every provider's tags for a page of questions (by id), keyed by question id; ``user`` is
    the person who will see them (per-user providers are skipped without one)."""
    tags: dict[int, list[Tag]] = {}
    if not question_ids:
        return tags
    for provider in sorted(_registry.tag_providers.values(), key=lambda p: (p.order, p.key)):
        if provider.per_user and user is None:
            continue
        given = (
            provider.tags_for(question_ids, user)
            if provider.per_user
            else provider.tags_for(question_ids)
        )
        for pk, found in given.items():
            tags.setdefault(pk, []).extend(found)
    return tags


def question_filter(key: str) -> QuestionFilter | None:
    return _registry.filters.get(key)


def registered_filter_keys() -> Iterable[str]:
    return tuple(_registry.filters)
