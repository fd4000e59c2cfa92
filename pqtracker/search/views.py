from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import prefetch_related_objects
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from pqtracker.accounts.decorators import require_permission
from pqtracker.accounts.permissions import Permission
from pqtracker.exports import views as exports
from pqtracker.parliament import extensions
from pqtracker.parliament.models import WrittenQuestion
from pqtracker.search import services
from pqtracker.search.forms import SaveSearchForm, SearchForm
from pqtracker.search.models import SavedSearch
from pqtracker.search.query import parse
from pqtracker.search.vocabulary import did_you_mean


def _query_string(request: HttpRequest, **overrides: Any) -> str:
    return SavedSearch.clean_query_string(
        [(k, v) for k, values in request.GET.lists() for v in values if k not in overrides]
        + [(k, str(v)) for k, v in overrides.items() if v is not None]
    )


@require_safe
@require_safe
@require_permission(Permission.SEARCH_QUESTIONS)
def search(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.GET or None)
    context: dict[str, Any] = {
        "form": form,
        "query_string": _query_string(request),
        "can_export": request.user.has_permission(Permission.EXPORT_QUESTIONS),  # type: ignore[union-attr]
    }
    if form.is_bound and form.is_valid():
        uin = form.uin
        if uin:
            matches = list(services.questions_with_uin(uin)[:50])
            if len(matches) == 1 and not _wants_partial(request):
                return redirect(matches[0])
            if matches:
                context.update(uin=uin, uin_matches=matches)
                return _render(request, context)
            # A number nobody has used as a UIN may still be in the text ("2024", "16-19").
            form.parsed = parse(uin)
        criteria = form.criteria()
        found = services.search(criteria)
        paginator = Paginator(found.questions, settings.QUESTIONS_PAGE_SIZE)  # type: ignore[arg-type]
        paginator.count = found.count  # counted once by search(), never twice
        page = paginator.get_page(request.GET.get("page"))
        results = list(page.object_list)
        # One query for the page's ministers, shown with each answer ("answered by …").
        prefetch_related_objects(results, "answering_member")
        snippets = services.snippets_for(results, found.relaxed_query or criteria.query)
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
            page=page,
            results=[(q, snippets.get(q.pk)) for q in results],
            page_links=_page_links(request, page),
            save_form=SaveSearchForm(initial={"query_string": context["query_string"]}),
            suggestion=suggestion,
            suggestion_query=_query_string(request, q=suggestion, page=None) if suggestion else "",
        )
    elif not form.is_bound:
        context.update(
            recent=list(WrittenQuestion.objects.for_listing().order_by("-date_tabled", "-id")[:10])
        )
    return _render(request, context)


def _wants_partial(request: HttpRequest) -> bool:
    """An htmx swap, not htmx restoring history (which needs the whole page)."""
    htmx = getattr(request, "htmx", None)
    return bool(htmx) and not getattr(htmx, "history_restore_request", False)


def _render(request: HttpRequest, context: dict[str, Any]) -> TemplateResponse:
    shown = [
        *(question for question, _snippet in context.get("results", [])),
        *context.get("uin_matches", []),
        *context.get("recent", []),
    ]
    context["row_tags"] = extensions.tags_for(shown)
    if not _wants_partial(request):
        response = TemplateResponse(request, "search/search.html", context)
        response["Vary"] = "HX-Request"  # one URL, two bodies: caches must keep them apart
        return response
    response = TemplateResponse(request, "search/search.html#results", context)
    response["Vary"] = "HX-Request"
    # The address bar shows the same short URL a plain GET would link to, not every empty field.
    query_string = context["query_string"]
    response["HX-Push-Url"] = f"{request.path}?{query_string}" if query_string else request.path
    return response


def _page_links(request: HttpRequest, page: Any) -> list[dict[str, Any]]:
    """GOV.UK pagination items: first, last, and two either side of the current page."""
    current, last = page.number, page.paginator.num_pages
    wanted = sorted({1, last, *range(max(1, current - 2), min(last, current + 2) + 1)})
    links: list[dict[str, Any]] = []
    previous = 0
    for number in wanted:
        if number - previous > 1:
            links.append({"ellipsis": True})
        links.append(
            {
                "number": number,
                "href": "?" + _query_string(request, page=number),
                "current": number == current,
            }
        )
        previous = number
    return links


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
        return HttpResponseRedirect(f"{_search_url()}?{_query_string(request)}")
    return exports.offer(request, kind="search", query_string=_query_string(request))


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
