"""The search page's download: registered as the "search" export source in SearchConfig.ready()."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from django.db.models import OuterRef, QuerySet, Subquery
from django.http import QueryDict
from django.urls import reverse

from pqtracker.accounts.permissions import Permission
from pqtracker.exports.registry import ExportSource, InvalidQuery, register
from pqtracker.parliament.models import Answer, WrittenQuestion
from pqtracker.search import services
from pqtracker.search.forms import SearchForm

CSV_HEADER = [
    "UIN",
    "House",
    "Date tabled",
    "Heading",
    "Question",
    "Asked by",
    "Answering department",
    "Status",
    "Date answered",
    "Answered by",
    "Answer",
    "Link",
]


def _questions(params: QueryDict) -> QuerySet[WrittenQuestion]:
    form = SearchForm(params)  # no query string: every question, as the search page lists them
    if not form.is_valid():
        raise InvalidQuery("Correct the search before downloading its results.")
    if uin := form.typed_uin():
        return services.questions_with_uin(uin)
    return services.questions_to_export(form.criteria())


def count(params: QueryDict) -> int:
    return _questions(params).count()


def rows(params: QueryDict, base_url: str) -> Iterator[Sequence[Any]]:
    answer_text = Subquery(
        Answer.objects.filter(question=OuterRef("pk"), is_current=True).values("answer_text")[:1]
    )
    questions = (
        _questions(params)
        .select_related("answering_member")
        .annotate(current_answer_text=answer_text)
    )
    for question in questions.iterator(chunk_size=2000):
        yield (
            question.uin,
            question.get_house_display(),
            question.date_tabled.isoformat(),
            question.heading,
            question.question_text,
            question.asking_member,
            question.answering_body,
            question.get_status_display(),
            question.date_answered.isoformat() if question.date_answered else "",
            question.answering_member,
            question.current_answer_text,
            base_url + question.get_absolute_url(),
        )


def describe(params: QueryDict) -> str:
    words = (params.get("q") or "").strip()
    if words:
        short = words if len(words) <= 60 else words[:57] + "…"
        return f"the search for “{short}”"
    return "the search results"


def back_url(params: QueryDict) -> str:
    query_string = params.urlencode()
    return reverse("search:search") + (f"?{query_string}" if query_string else "")


def register_source() -> None:
    register(
        ExportSource(
            kind="search",
            filename="pq-search-results.csv",
            header=CSV_HEADER,
            permission=Permission.EXPORT_QUESTIONS,
            count=count,
            rows=rows,
            describe=describe,
            back_url=back_url,
        )
    )
