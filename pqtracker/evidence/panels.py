"""What evidence adds to the public record's pages (registered from ``AppConfig.ready()``)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.http import HttpRequest

from pqtracker.accounts.permissions import Permission
from pqtracker.evidence import lookup
from pqtracker.evidence.models import CITATIONS, Citation
from pqtracker.parliament import extensions, generation
from pqtracker.parliament.models import Answer, WrittenQuestion

# The numbered sources of published answers, by answer ids, kept under the citations' generation.
_ANSWER_CITATIONS = generation.Kept("answer-citations", 2000, topic=CITATIONS)


def citations_context(request: HttpRequest, question: WrittenQuestion) -> Mapping[str, Any] | None:
    """The numbered sources of the question's published answer; None hides the panel."""
    if not request.user.has_permission(Permission.VIEW_QUESTIONS):  # type: ignore[union-attr]
        return None
    answer_ids = tuple(a.pk for a in question.answers.all() if a.is_current)
    if not answer_ids:
        return None

    def read() -> list[tuple[Citation, str]]:
        citations = Citation.objects.filter(
            content_type=ContentType.objects.get_for_model(Answer), object_id__in=answer_ids
        ).select_related("figure__publication", "base_figure")
        return [
            (c, lookup.display_value(c.figure.value, c.figure.unit, c.figure.marker))
            for c in citations
        ]

    # Most answers cite nothing: kept, the page asks no query to find that out.
    citations = _ANSWER_CITATIONS.get(answer_ids, read)
    return {"citations": citations} if citations else None


def register() -> None:
    extensions.register_question_panel(
        extensions.QuestionPanel(
            key="evidence-citations",
            template="evidence/_citations_panel.html",
            context=citations_context,
            order=50,
        )
    )
