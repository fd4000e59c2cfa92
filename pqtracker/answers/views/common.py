from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse

from pqtracker.answers.models import Case
from pqtracker.answers.permissions import content_visible_cases, visible_cases
from pqtracker.web.htmx import render_page, wants_partial


def render(
    request: HttpRequest, template: str, partial: str, context: dict[str, Any], status: int = 200
) -> HttpResponse:
    """``web.render_page``, but a form's 400 answers an htmx swap with 200: htmx swaps only
    successful responses, and the fragment carries its own error summary."""
    if status == 400 and wants_partial(request):
        status = 200
    return render_page(request, template, context, partial=partial, status=status)


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
