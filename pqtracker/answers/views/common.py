from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils.cache import patch_vary_headers

from pqtracker.answers.models import Case
from pqtracker.answers.permissions import content_visible_cases, visible_cases


def wants_partial(request: HttpRequest) -> bool:
    htmx = getattr(request, "htmx", None)
    return bool(htmx) and not getattr(htmx, "history_restore_request", False)


def render(
    request: HttpRequest, template: str, partial: str, context: dict[str, Any], status: int = 200
) -> HttpResponse:
    """The whole page, or for htmx its named partial; caches keep the two apart."""
    partial_wanted = wants_partial(request)
    name = f"{template}#{partial}" if partial_wanted else template
    if partial_wanted and status == 400:
        # htmx swaps only successful responses; the fragment carries its own error summary.
        status = 200
    response = TemplateResponse(request, name, context, status=status)
    patch_vary_headers(response, ("HX-Request",))
    return response


def get_case(request: HttpRequest, pk: int, *, content: bool = False) -> Case:
    """The case if the user may see it (its content, with ``content``); 404 otherwise, so a
    case's existence is not given away."""
    base = Case.objects.select_related(
        "question__asking_member",
        "question__answering_body",
        "policy_team",
        "action_officer",
        "holder",
        "answering_minister",
        "policy_minister",
    )
    cases = (
        content_visible_cases(request.user, base) if content else visible_cases(request.user, base)
    )
    case = cases.filter(pk=pk).first()
    if case is None:
        raise Http404("No such case")
    return case
