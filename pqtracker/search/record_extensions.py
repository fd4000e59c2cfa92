"""What search adds to the public record's pages, registered from ``SearchConfig.ready()``.

The record (``parliament``) sits below search in the app layers and never imports it: it asks
``parliament.extensions`` for panels, row tags and filters, and this module fills that registry.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any
from weakref import WeakKeyDictionary

from django.db.models import Exists, OuterRef
from django.http import HttpRequest

from pqtracker.parliament import extensions, generation
from pqtracker.parliament.models import QuestionStatus, WrittenQuestion
from pqtracker.parliament.models.questions import WrittenQuestionQuerySet
from pqtracker.search import intake
from pqtracker.search.models import NearDuplicate
from pqtracker.search.services import near_duplicates, similar_questions

# Turquoise: orange is named day's colour.
# The tag says what it is: very like a question tabled in the 3 months before (search.intake).
POSSIBLE_DUPLICATE = extensions.Tag("Like a recent question", "turquoise")

# The heading's tag and the panel show the same near-duplicates: found once per request.
_found: WeakKeyDictionary[HttpRequest, dict[int, list[Any]]] = WeakKeyDictionary()


def _needs_answer(question: WrittenQuestion) -> bool:
    return question.status in (QuestionStatus.UNANSWERED, QuestionStatus.HOLDING)


def _near_duplicates_of(request: HttpRequest, question: WrittenQuestion) -> list[Any]:
    per_request = _found.setdefault(request, {})
    if question.pk not in per_request:
        # Flagged at intake (and then tagged in lists). A question from before intake checks, or
        # whose earlier twin reached us after it, is checked now, while that can still help.
        per_request[question.pk] = list(intake.flags_for(question)) or (
            near_duplicates(question) if _needs_answer(question) else []
        )
    return per_request[question.pk]


def possible_duplicate_heading(
    request: HttpRequest, question: WrittenQuestion
) -> Mapping[str, Any] | None:
    # Tagged, as in lists, only while it is still to be answered (intake.AT_INTAKE).
    if not _needs_answer(question):
        return None
    return {} if _near_duplicates_of(request, question) else None


def near_duplicates_panel(
    request: HttpRequest, question: WrittenQuestion
) -> Mapping[str, Any] | None:
    found = _near_duplicates_of(request, question)
    if not found:
        return None
    # A referral answer is only worth a drafter's attention while one is still to be given.
    return {"near_duplicates": found, "needs_answer": _needs_answer(question)}


def similar_panel(request: HttpRequest, question: WrittenQuestion) -> Mapping[str, Any] | None:
    return {"similar": similar_questions(question)}


# A page's flagged rows, kept under the generation, which every change to the flags advances
# (intake._flag), as the rendered rows are.
_FLAGGED = generation.Kept("possible-duplicate tags", size=2_000)


def possible_duplicate_tags(question_ids: Sequence[int]) -> Mapping[int, Sequence[extensions.Tag]]:
    flagged = _FLAGGED.get(
        ("flagged", tuple(question_ids)),
        lambda: frozenset(NearDuplicate.objects.flagged_among(list(question_ids))),
    )
    return {pk: (POSSIBLE_DUPLICATE,) for pk in question_ids if pk in flagged}


def only_possible_duplicates(
    queryset: WrittenQuestionQuerySet, value: Any
) -> WrittenQuestionQuerySet:
    if not value:
        return queryset
    return queryset.filter(
        Exists(NearDuplicate.objects.filter(question=OuterRef("pk"))), status__in=intake.AT_INTAKE
    )


def register() -> None:
    extensions.register_question_panel(
        extensions.QuestionPanel(
            key="search-possible-duplicate",
            template="search/_possible_duplicate_tag.html",
            context=possible_duplicate_heading,
            region=extensions.HEADING,
        )
    )
    extensions.register_question_panel(
        extensions.QuestionPanel(
            key="search-near-duplicates",
            template="search/_near_duplicates.html",
            context=near_duplicates_panel,
            order=10,
        )
    )
    extensions.register_question_panel(
        extensions.QuestionPanel(
            key="search-similar", template="search/_similar.html", context=similar_panel, order=20
        )
    )
    extensions.register_tag_provider(
        extensions.TagProvider(key="possible-duplicates", tags_for=possible_duplicate_tags)
    )
    extensions.register_question_filter(
        extensions.QuestionFilter(key="possible_duplicates", apply=only_possible_duplicates)
    )
