"""What the answers app adds to the public record's pages (via parliament.extensions): on the
question page, the workflow's stage and holder, and once the question is answered the figures its
answer cited; on the question list and search results, a tag saying who holds each open question
and since when. All only for those who may see the case (the public record's viewers see none)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django.http import HttpRequest

from pqtracker.answers import figures, rules
from pqtracker.answers.models import CASES, OPEN_STATUSES, Case
from pqtracker.answers.permissions import content_visible_cases, sees_every_case, visible_cases
from pqtracker.parliament import generation
from pqtracker.parliament.extensions import QuestionPanel, Tag, TagProvider
from pqtracker.parliament.models import QuestionStatus, WrittenQuestion

# What the question pages and lists of those who see every case (the PQ team and clerks) read of
# the cases, kept by the process under the cases' generation (``CASES``: every write to a case,
# and to a user or team it names, advances it): a question's case, and a page's holder tags. A
# page of a million-question record is mostly questions without a case, and asking costs a query
# a page. Others' visibility depends on their teams and offers: theirs is read each time.
_CASE_OF_QUESTION = generation.Kept("case-of-question", 2000, topic=CASES)
_HOLDER_TAGS = generation.Kept("holder-tags", 500, topic=CASES)


def visible_case(request: HttpRequest, question: WrittenQuestion) -> Case | None:
    """The question's case, if the user may see it. Read once a request, however many of the
    page's panels (the case's, its sources', the deadlines app's reminders) ask."""
    found: dict[int, Case | None] = request.__dict__.setdefault("_answers_visible_case", {})
    if question.pk not in found:
        cases = Case.objects.select_related("holder", "policy_team").filter(question=question)
        if sees_every_case(request.user):
            found[question.pk] = _CASE_OF_QUESTION.get(question.pk, cases.first)
        else:
            found[question.pk] = visible_cases(request.user, cases).first()
    return found[question.pk]


def case_panel(request: HttpRequest, question: WrittenQuestion) -> Mapping[str, Any] | None:
    case = visible_case(request, question)
    if case is None:
        return None
    return {"case": case, "holder": rules.holder_label(case)}


PANEL = QuestionPanel(
    key="answers-case",
    template="answers/_question_panel.html",
    context=case_panel,
    order=10,
    region="side",
)


def holder_tags(question_ids: Sequence[int], user: Any) -> dict[int, list[Tag]]:
    """ "Drafting: Dan Drafter since 3 Dec 10:42" for each open case on the page: one query (none
    when kept)."""

    def read() -> dict[int, list[Tag]]:
        cases = visible_cases(
            user,
            Case.objects.select_related("holder").filter(
                question_id__in=question_ids, status__in=OPEN_STATUSES
            ),
        )
        return {case.question_id: [Tag(rules.holder_text(case), "grey")] for case in cases}

    if sees_every_case(user):
        return _HOLDER_TAGS.get(tuple(question_ids), read)
    return read()


TAGS = TagProvider(key="answers-holder", tags_for=holder_tags, order=20, per_user=True)


def sources_panel(request: HttpRequest, question: WrittenQuestion) -> Mapping[str, Any] | None:
    """The answer's numbered sources: the citations of the question's case, once answered."""
    if question.status not in (QuestionStatus.ANSWERED, QuestionStatus.CORRECTED):
        return None
    case = visible_case(request, question)
    if case is None:
        return None
    citations = figures.case_citations(case)
    if not citations:
        return None
    return {
        "case": case,
        "sources": figures.sources(case, citations),
        "derived": figures.derived(citations),
        # A citation's wording is a sentence of a draft: only those who may read drafts see it
        # (a clerk sees the sources, not the drafts).
        "show_wording": content_visible_cases(request.user).filter(pk=case.pk).exists(),
    }


SOURCES_PANEL = QuestionPanel(
    key="answers-sources",
    template="answers/_sources_panel.html",
    context=sources_panel,
    order=45,
)
