"""Beside the draft editor: find figures, cite them, the figure check as the drafter types, and
accepting a flag with a reason (from the editor or the case page).

Views parse, authorise, call ``answers.services`` and render. A case whose content the user may
not see is a 404 on every URL here, and so are the citing URLs to anyone who may not change the
draft (the drafting team), and the accepting URL to anyone who may not accept its flags. Every
htmx request has a plain form or link behind it: without JavaScript each answers with the whole
editor (or case) page.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from pqtracker.accounts.decorators import require_permission
from pqtracker.accounts.permissions import Permission
from pqtracker.answers import evidence_column, permissions, services
from pqtracker.answers.forms_drafts import DraftForm
from pqtracker.answers.models import Case
from pqtracker.answers.views.pages import render_case
from pqtracker.answers.views_drafts import editor_context
from pqtracker.evidence.models import Citation, Figure
from pqtracker.web.htmx import render_page, wants_partial

SLOT = "answers/draft_evidence_slot.html"


def _case(request: HttpRequest, pk: int) -> Case:
    cases = Case.objects.select_related("question__asking_member")
    return get_object_or_404(permissions.content_visible_cases(request.user, cases), pk=pk)


def _editing_case(request: HttpRequest, pk: int) -> Case:
    """The case, for someone who may change its draft; 404 for everyone else."""
    case = _case(request, pk)
    if not permissions.is_drafting_team(request.user, case):
        raise Http404("No such case")
    return case


def _typed_text(request: HttpRequest) -> str | None:
    """The answer as it stands in the editor (sent along by htmx), or None for the saved one."""
    text = request.POST.get("answer_text")
    return text.replace("\r\n", "\n") if text is not None else None


def _editor_page(
    request: HttpRequest, case: Case, *, status: int = 200, **extra: Any
) -> HttpResponse:
    form = DraftForm(request.POST) if "answer_text" in request.POST else None
    context = editor_context(request, case, form)
    context.update(extra)
    return render_page(request, "answers/draft_editor.html", context, status=status)


def _back_to_editor(case: Case, anchor: str = "draft-evidence") -> HttpResponse:
    return redirect(reverse("drafts:editor", args=[case.pk]) + f"#{anchor}")


@require_GET
# Every role that may see a case; the case itself is checked per object (404 to others).
@require_permission(Permission.VIEW_QUESTIONS)
def find_figures(request: HttpRequest, pk: int) -> HttpResponse:
    """The finder's results (htmx), or without JavaScript the editor page showing them."""
    case = _editing_case(request, pk)
    if wants_partial(request):
        context = {
            "case": case,
            **evidence_column.finder(request),
            "can_cite": permissions.can_edit_draft(request.user, case),
        }
        return render_page(request, SLOT, context, partial="finder-results")
    # The editor's context has the finder, from this request's query.
    return _editor_page(request, case)


@login_required
@require_POST
# Every role that may see a case; the case itself is checked per object (404 to others).
@require_permission(Permission.VIEW_QUESTIONS)
def cite(request: HttpRequest, pk: int) -> HttpResponse:
    case = _editing_case(request, pk)
    figure = Figure.objects.filter(reference=request.POST.get("figure", "")).first()
    error = ""
    if figure is None:
        error = "Choose a figure to cite"
    else:
        try:
            services.cite_figure(
                case=case,
                actor=request.user,
                figure=figure,
                wording=request.POST.get("wording", "").strip()[:2000],
            )
        except (ValidationError, PermissionDenied) as refused:
            error = " ".join(getattr(refused, "messages", [str(refused)]))
    return _after_citation_change(
        request, case, error, f"Cited {figure.reference}" if figure else ""
    )


@login_required
@require_POST
# Every role that may see a case; the case itself is checked per object (404 to others).
@require_permission(Permission.VIEW_QUESTIONS)
def uncite(request: HttpRequest, pk: int, citation: int) -> HttpResponse:
    case = _editing_case(request, pk)
    found = get_object_or_404(
        Citation.objects.select_related("figure", "content_type"),
        pk=citation,
        object_id=case.pk,
        content_type__app_label="answers",
        content_type__model="case",
    )
    error = ""
    try:
        services.uncite_figure(case=case, actor=request.user, citation=found)
    except (ValidationError, PermissionDenied) as refused:
        error = " ".join(getattr(refused, "messages", [str(refused)]))
    return _after_citation_change(request, case, error, f"Removed {found.figure.reference}")


def _after_citation_change(request: HttpRequest, case: Case, error: str, done: str) -> HttpResponse:
    if wants_partial(request):
        context = {
            "case": case,
            "oob": True,
            "citation_error": error,
            "citation_done": "" if error else done,
            **evidence_column.evidence_context(request, case, text=_typed_text(request)),
        }
        return render_page(request, SLOT, context, partial="citations-changed")
    if error:
        messages.error(request, error)
    else:
        messages.success(request, done)
    return _back_to_editor(case, "draft-sources")


@login_required
@require_POST
# Every role that may see a case; the case itself is checked per object (404 to others).
@require_permission(Permission.VIEW_QUESTIONS)
def check(request: HttpRequest, pk: int) -> HttpResponse:
    """The figure check of the text in the editor (htmx, as the drafter types); without
    JavaScript, the editor page with the posted text checked and kept, unsaved."""
    case = _case(request, pk)
    text = _typed_text(request)
    if wants_partial(request):
        context = {"case": case, **evidence_column.evidence_context(request, case, text=text)}
        return render_page(request, SLOT, context, partial="figure-check")
    return _editor_page(request, case)


@login_required
@require_POST
# Every role that may see a case; the case itself is checked per object (404 to others).
@require_permission(Permission.VIEW_QUESTIONS)
def accept_flag(request: HttpRequest, pk: int) -> HttpResponse:
    case = _case(request, pk)
    if not services.can_accept_flags(request.user, case):
        raise Http404("No such case")
    back = "case" if request.POST.get("back") == "case" else "editor"
    text, status = request.POST.get("text", ""), request.POST.get("status", "")
    reason = request.POST.get("reason", "")
    try:
        services.accept_flag(case=case, actor=request.user, text=text, status=status, reason=reason)
    except ValidationError as invalid:
        error = {"key": f"{status}:{text}", "message": invalid.messages[0], "reason": reason}
        return _accept_refused(request, case, back, error)
    message = f"“{text}” accepted: {reason.strip()}"
    if wants_partial(request) and back == "editor":
        context = {
            "case": case,
            "accept_done": message,
            **evidence_column.evidence_context(request, case, text=_typed_text(request)),
        }
        return render_page(request, SLOT, context, partial="figure-check")
    messages.success(request, message)
    if back == "case":
        return redirect(reverse("answers:case", args=[case.pk]) + "#figure-check")
    return _back_to_editor(case, "figure-check")


def _accept_refused(
    request: HttpRequest, case: Case, back: str, error: dict[str, str]
) -> HttpResponse:
    if back == "case":
        return render_case(request, case, status=400, figure_error=error)
    if wants_partial(request):
        context = {
            "case": case,
            "figure_error": error,
            **evidence_column.evidence_context(request, case, text=_typed_text(request)),
        }
        return render_page(request, SLOT, context, partial="figure-check")
    return _editor_page(request, case, status=400, figure_error=error)
