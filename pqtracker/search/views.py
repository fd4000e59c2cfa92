from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any
from urllib.parse import parse_qs

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import prefetch_related_objects
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, QueryDict
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from pqtracker.accounts.decorators import require_permission
from pqtracker.accounts.permissions import Permission
from pqtracker.exports import views as exports
from pqtracker.parliament import extensions, generation
from pqtracker.parliament.models import WrittenQuestion
from pqtracker.parliament.pagination import Rows
from pqtracker.search import services
from pqtracker.search.backends import Snippet
from pqtracker.search.forms import LIVE_TRIGGER, SaveSearchForm, SearchForm
from pqtracker.search.models import SavedSearch
from pqtracker.search.query import ParsedQuery, parse
from pqtracker.search.vocabulary import did_you_mean
from pqtracker.web.htmx import HtmxHttpRequest, render_page, wants_partial


def _address(path: str, query: str) -> str:
    return f"{path}?{query}" if query else path


@require_safe
@require_permission(Permission.SEARCH_QUESTIONS)
def search(request: HtmxHttpRequest) -> HttpResponse:
    form = SearchForm(request.GET or None)
    query = form.canonical_query()
    partial = wants_partial(request)
    if not partial and query.urlencode() != request.GET.urlencode():
        # Without JavaScript the form sends every empty field: the address keeps what counts.
        return redirect(_address(request.path, query.urlencode()))
    # What a saved search or the export would repeat: no page.
    search_query = form.canonical_query(keep_place=False)
    context: dict[str, Any] = {
        "form": form,
        "query": query,
        "query_string": search_query.urlencode(),
        "can_export": request.user.has_permission(Permission.EXPORT_QUESTIONS),  # type: ignore[union-attr]
    }
    push_url = _address(request.path, query.urlencode())
    if form.asked and form.is_valid():
        uin = form.typed_uin()
        if uin:
            matches = list(services.questions_with_uin(uin)[:50])
            if len(matches) == 1 and not _typing(request):
                return _open(request, matches[0].get_absolute_url())
            if matches:
                context.update(uin=uin, uin_matches=matches)
                return _render(request, context, push_url)
            # A number nobody has used as a UIN may still be in the text ("2024", "16-19").
            form.parsed = parse(uin)
        criteria = form.criteria()
        found = services.search(criteria)
        paginator = Paginator(found.questions, settings.QUESTIONS_PAGE_SIZE)  # type: ignore[arg-type]
        paginator.count = found.count  # counted once by search(), never twice
        page = paginator.get_page(request.GET.get("page"))
        # Some word may be misspelt when no question holds them all: offer the corrected search.
        suggestion = (
            did_you_mean(form.cleaned_data["q"], criteria.query)
            if criteria.query and (not found.count or found.relaxed_query)
            else None
        )
        context.update(
            criteria=criteria,
            capped=found.capped,
            relaxed=found.relaxed_query is not None,
            page_obj=page,
            page_range=paginator.get_elided_page_range(page.number, on_each_side=1, on_ends=1),
            results=_Results(page.object_list, found.relaxed_query or criteria.query),  # type: ignore[arg-type]
            save_form=SaveSearchForm(initial={"query_string": context["query_string"]}),
            suggestion=suggestion,
            suggestion_query=_with_words(search_query, suggestion) if suggestion else "",
        )
    elif not form.asked:
        rows = WrittenQuestion.objects.for_listing().in_bulk
        context.update(recent=Rows(services.newest_question_ids(10), rows))
    return _render(request, context, push_url)


class _Results:
    """A page of results as (question, snippet) pairs, read only when the rows are rendered:
    a page whose rendering is kept reads neither (ADR 19)."""

    def __init__(self, rows: Sequence[WrittenQuestion], query: ParsedQuery | None) -> None:
        self.rows = rows
        self.ids = rows.ids if isinstance(rows, Rows) else [q.pk for q in rows]
        self.query = query

    def __bool__(self) -> bool:
        return bool(self.ids)

    def __iter__(self) -> Iterator[tuple[WrittenQuestion, Snippet | None]]:
        questions = list(self.rows)
        if not isinstance(self.rows, Rows):  # a queryset's page: ministers not read yet
            prefetch_related_objects(questions, "answering_member")
        snippets = services.snippets_for(questions, self.query)
        return iter([(q, snippets.get(q.pk)) for q in questions])


def _with_words(query: QueryDict, words: str) -> str:
    """The same search, filters and all, with other words: what "Did you mean" links to."""
    changed = query.copy()
    changed["q"] = words
    return changed.urlencode()


def _typing(request: HtmxHttpRequest) -> bool:
    """A live request from the search box as someone types: a UIN is only half typed, perhaps."""
    return bool(request.htmx) and request.htmx.trigger == LIVE_TRIGGER


def _open(request: HttpRequest, url: str) -> HttpResponse:
    if wants_partial(request):
        # htmx would swap a followed redirect's page into the results: it loads the page instead.
        response = HttpResponse(status=200)
        response["HX-Redirect"] = url
        return response
    return redirect(url)


def _render(request: HttpRequest, context: dict[str, Any], push_url: str) -> TemplateResponse:
    shown = [
        *(context["results"].ids if "results" in context else []),
        *(question.pk for question in context.get("uin_matches", [])),
        *(context["recent"].ids if "recent" in context else []),
    ]
    context["row_tags"] = extensions.tags_for(shown, request.user)
    # The rows, rendered once per change to the record (ADR 19): the questions shown, their
    # snippets (of these words), and the tags this user sees.
    context["rows_key"] = generation.rows_key(
        "search",
        shown,
        repr(getattr(context.get("criteria"), "query", None)),
        sorted(context["row_tags"].items()),
    )
    return render_page(request, "search/search.html", context, partial="results", push_url=push_url)


# --- Export ---------------------------------------------------------------------------------


@require_safe
@require_permission(Permission.SEARCH_QUESTIONS)
@require_permission(Permission.EXPORT_QUESTIONS)
def export(request: HttpRequest) -> HttpResponse:
    """Small results stream at once; larger ones are made by the worker (exports app).

    Always bound: the link of a search with no words or filters carries no query string, and
    means every question, as that search page lists them."""
    form = SearchForm(request.GET)
    if not form.is_valid():
        messages.error(request, "Correct the search before downloading its results.")
        query = form.canonical_query(keep_place=False).urlencode()
        return HttpResponseRedirect(_address(_search_url(), query))
    query = form.canonical_query(keep_place=False).urlencode()
    return exports.offer(request, kind="search", query_string=query)


def _search_url() -> str:
    return reverse("search:search")


# --- Saved searches -------------------------------------------------------------------------


@require_permission(Permission.SEARCH_QUESTIONS)
@require_http_methods(["GET", "POST"])
def saved_searches(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        form = SaveSearchForm(request.POST)
        if form.is_valid():
            query_string = SavedSearch.clean_query_string(
                [(k, v) for k, vs in _parse_qs(form.cleaned_data["query_string"]) for v in vs]
            )
            try:
                saved = services.save_search(
                    user=request.user, name=form.cleaned_data["name"], query_string=query_string
                )
            except services.DuplicateSavedSearch as duplicate:
                form.add_error("name", str(duplicate))
            else:
                messages.success(
                    request,
                    f"Search saved as “{saved.name}”. You will get a daily email of new matches.",
                )
                return redirect("search:saved")
        context = {"save_form": form, "saved": SavedSearch.objects.owned_by(request.user)}
        return TemplateResponse(request, "search/saved.html", context, status=400)
    context = {"saved": SavedSearch.objects.owned_by(request.user)}
    return TemplateResponse(request, "search/saved.html", context)


def _parse_qs(query_string: str) -> list[tuple[str, list[str]]]:
    return list(parse_qs(query_string).items())


@require_permission(Permission.SEARCH_QUESTIONS)
@require_POST
def delete_saved_search(request: HttpRequest, pk: int) -> HttpResponse:
    saved = get_object_or_404(SavedSearch.objects.owned_by(request.user), pk=pk)
    services.delete_saved_search(saved_search=saved)
    messages.success(request, f"Saved search “{saved.name}” deleted.")
    return redirect("search:saved")
