"""The draft editor, its versions, the conflict choice, comments and the Word clearance pack.

Views parse, authorise, call ``answers.drafting`` and render. A case whose content the user may
not see is a 404 on every one of these URLs, the .docx included. The editor saves itself with
htmx (the same POST as its Save button, answered with the ``autosave`` partial, which never
replaces the text areas) and works as a plain form without JavaScript.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_GET, require_http_methods

from pqtracker.accounts.decorators import require_permission
from pqtracker.accounts.permissions import Permission
from pqtracker.answers import docx_pack, drafting, evidence_column, permissions
from pqtracker.answers.drafting_rules import (
    SaveDecision,
    check_parts,
    is_conflict,
    render_word_diff,
    word_count,
)
from pqtracker.answers.forms_drafts import CommentForm, DraftForm
from pqtracker.answers.models import EDITABLE_STATUSES, Case, DraftVersion
from pqtracker.parliament.models import QuestionStatus, WrittenQuestion
from pqtracker.search.services import similar_questions


def _case(request: HttpRequest, pk: int) -> Case:
    cases = Case.objects.select_related("question__asking_member")
    return get_object_or_404(permissions.content_visible_cases(request.user, cases), pk=pk)


def _version(case: Case, number: int) -> DraftVersion:
    return get_object_or_404(case.versions.select_related("author"), number=number)


def _editor_url(case: Case) -> str:
    return reverse("drafts:editor", args=[case.pk])


def _can_edit(user: Any, case: Case) -> bool:
    return case.status in EDITABLE_STATUSES and permissions.can_edit_draft(user, case)


def _saved_at(version: DraftVersion | None) -> str:
    return f"{timezone.localtime(version.created_at):%H:%M}" if version else ""


def _versions(case: Case) -> list[dict[str, Any]]:
    return [
        {"version": v, "conflict": is_conflict(number=v.number, based_on=v.based_on)}
        for v in case.versions.select_related("author").order_by("-number")
    ]


def _checks(case: Case, answer_text: str) -> dict[str, Any]:
    return {
        "word_count": word_count(answer_text),
        "parts": check_parts(case.question.question_text, answer_text),
    }


def editor_context(
    request: HttpRequest, case: Case, form: DraftForm | None = None
) -> dict[str, Any]:
    versions = _versions(case)
    latest: DraftVersion | None = versions[0]["version"] if versions else None
    if form is None:
        form = DraftForm(
            initial={
                "answer_text": latest.answer_text if latest else "",
                "background_note": latest.background_note if latest else "",
                "answer_type": latest.answer_type if latest else case.answer_type,
                "base_version": latest.number if latest else 0,
            }
        )
    answer_text = form.data.get("answer_text", "") if form.is_bound else form.initial["answer_text"]
    base = form.data.get("base_version", "0") if form.is_bound else form.initial["base_version"]
    return {
        "case": case,
        "question": case.question,
        "form": form,
        "base_version": base,
        "latest": latest,
        "saved_at": _saved_at(latest),
        "versions": versions,
        "editable": _can_edit(request.user, case),
        "comments": case.comments.select_related("author"),
        "comment_form": CommentForm(),
        "similar": similar_questions(case.question),
        "cost_limit": settings.ANSWERS_DISPROPORTIONATE_COST_LIMIT,
        **_checks(case, answer_text),
        # The evidence column: the figure finder, the numbered sources and the figure check.
        **evidence_column.finder(request),
        **evidence_column.evidence_context(
            request, case, text=answer_text if form.is_bound else None
        ),
    }


def _answered(pk: int) -> WrittenQuestion:
    question = WrittenQuestion.objects.filter(
        pk=pk, status__in=[QuestionStatus.ANSWERED, QuestionStatus.CORRECTED]
    ).first()
    if question is None:
        raise ValidationError({"refer": "Choose an answered question"})
    return question


def _save(request: HttpRequest, case: Case, form: DraftForm) -> drafting.SaveResult:
    data = form.cleaned_data
    result = drafting.save_version(
        case=case,
        user=request.user,
        answer_text=data["answer_text"],
        background_note=data["background_note"],
        answer_type=data["answer_type"],
        base_number=data["base_version"],
    )
    # "Refer to" and "start from" act on the text just saved, so nothing typed is lost.
    if result.decision != SaveDecision.CONFLICT and (data.get("refer") or data.get("start_from")):
        base = result.version.number if result.version else 0
        action = drafting.refer_to_answer if data.get("refer") else drafting.start_from_answer
        earlier = _answered(data.get("refer") or data["start_from"])
        result = action(case=case, user=request.user, earlier=earlier, base_number=base)
    return result


def _autosave(request: HttpRequest, case: Case) -> HttpResponse:
    """The htmx save: the status line, and out-of-band the base version, checks and versions."""
    form = DraftForm(request.POST)
    context: dict[str, Any] = {"case": case, "oob": True, "error": ""}
    result = None
    if not form.is_valid():
        context["error"] = next(iter(form.errors.values()))[0]
    else:
        try:
            result = _save(request, case, form)
        except (drafting.NotEditable, PermissionDenied) as refused:
            context["error"] = str(refused)
        except ValidationError as invalid:
            context["error"] = invalid.messages[0]
    case.refresh_from_db(fields=["status", "latest_version"])  # the first save starts drafting
    versions = _versions(case)
    latest = versions[0]["version"] if versions else None
    context.update(
        {
            "result": result,
            "latest": latest,
            "saved_at": _saved_at(result.version if result else latest),
            # The version this editor now holds: its own save's, never a later one by someone
            # else, whose text it has not seen (the next save would then hide that text).
            "base_version": (
                result.version.number
                if result and result.version
                else form.data.get("base_version")
            ),
            "versions": versions,
            **_checks(case, form.data.get("answer_text", "")),
        }
    )
    response = TemplateResponse(request, "answers/draft_editor.html#autosave", context)
    patch_vary_headers(response, ("HX-Request",))
    return response


@require_http_methods(["GET", "POST"])
# Every role that may see a case; the case itself is checked per object (404 to others).
@require_permission(Permission.VIEW_QUESTIONS)
def editor(request: HttpRequest, pk: int) -> HttpResponse:
    case = _case(request, pk)
    if request.method == "POST":
        if getattr(request, "htmx", False):
            return _autosave(request, case)
        form = DraftForm(request.POST)
        if form.is_valid():
            try:
                result = _save(request, case, form)
            except (drafting.NotEditable, PermissionDenied) as refused:
                form.add_error(None, str(refused))
            except ValidationError as invalid:
                for message in invalid.messages:
                    form.add_error(None, message)
            else:
                if result.decision == SaveDecision.CONFLICT and result.version:
                    return redirect("drafts:conflict", pk=case.pk, number=result.version.number)
                version = result.version
                if version is not None:
                    messages.success(
                        request, f"Saved at {_saved_at(version)} (version {version.number})"
                    )
                return redirect(_editor_url(case))
        response = TemplateResponse(
            request, "answers/draft_editor.html", editor_context(request, case, form), status=400
        )
    else:
        response = TemplateResponse(
            request, "answers/draft_editor.html", editor_context(request, case)
        )
    patch_vary_headers(response, ("HX-Request",))
    return response


@require_GET
# Every role that may see a case; the case itself is checked per object (404 to others).
@require_permission(Permission.VIEW_QUESTIONS)
def version_detail(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    """One version, compared word by word with another (by default the one before it)."""
    case = _case(request, pk)
    version = _version(case, number)
    others = list(case.versions.exclude(number=number).order_by("-number"))
    try:
        compare_number = int(request.GET.get("compare", number - 1))
    except ValueError:
        compare_number = number - 1
    other = next((v for v in others if v.number == compare_number), None)
    return TemplateResponse(
        request,
        "answers/draft_version.html",
        {
            "case": case,
            "question": case.question,
            "version": version,
            "other": other,
            "others": others,
            "answer_diff": render_word_diff(
                other.answer_text if other else "", version.answer_text
            ),
            "note_diff": render_word_diff(
                other.background_note if other else "", version.background_note
            ),
            "is_latest": version.number == case.latest_version,
            "editable": _can_edit(request.user, case),
        },
    )


@require_GET
# Every role that may see a case; the case itself is checked per object (404 to others).
@require_permission(Permission.VIEW_QUESTIONS)
def conflict(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    """A save made over someone else's: both texts side by side, and a choice."""
    case = _case(request, pk)
    mine = _version(case, number)
    if not is_conflict(number=mine.number, based_on=mine.based_on):
        raise Http404("That version was not saved over another")
    theirs = _version(case, number - 1)
    return TemplateResponse(
        request,
        "answers/draft_conflict.html",
        {
            "case": case,
            "question": case.question,
            "mine": mine,
            "theirs": theirs,
            "answer_diff": render_word_diff(theirs.answer_text, mine.answer_text),
            "editable": _can_edit(request.user, case),
        },
    )


@require_http_methods(["GET", "POST"])
# Every role that may see a case; the case itself is checked per object (404 to others).
@require_permission(Permission.VIEW_QUESTIONS)
def restore(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    case = _case(request, pk)
    _version(case, number)
    if request.method == "GET":
        # Only a form posts here; a link or a typed address goes to the version's page (or 404).
        return redirect("drafts:version", pk=case.pk, number=number)
    try:
        result = drafting.restore_version(case=case, user=request.user, number=number)
    except (drafting.NotEditable, PermissionDenied) as refused:
        messages.error(request, str(refused))
        return redirect(_editor_url(case))
    if result.saved and result.version:
        messages.success(request, f"Version {number} restored as version {result.version.number}")
    else:
        messages.success(request, f"Continuing from version {number}, the latest")
    return redirect(_editor_url(case))


@require_http_methods(["GET", "POST"])
# Every role that may see a case; the case itself is checked per object (404 to others).
@require_permission(Permission.VIEW_QUESTIONS)
def add_comment(request: HttpRequest, pk: int) -> HttpResponse:
    case = _case(request, pk)
    if request.method == "GET":
        return redirect(_editor_url(case) + "#comments")
    form = CommentForm(request.POST)
    if form.is_valid():
        try:
            drafting.add_comment(case=case, user=request.user, text=form.cleaned_data["text"])
        except ValidationError as invalid:
            form.add_error("text", invalid.messages[0])
        else:
            messages.success(request, "Comment added")
            return redirect(_editor_url(case) + "#comments")
    # The comment comes back with its error, so nothing typed is lost.
    context = editor_context(request, case)
    context["comment_form"] = form
    return TemplateResponse(request, "answers/draft_editor.html", context, status=400)


@require_GET
# Every role that may see a case; the case itself is checked per object (404 to others).
@require_permission(Permission.VIEW_QUESTIONS)
def clearance_pack(request: HttpRequest, pk: int) -> HttpResponse:
    case = _case(request, pk)
    content = docx_pack.render_docx(docx_pack.pack_for(case))
    response = HttpResponse(
        content,
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )
    filename = f"clearance-pack-{case.question.uin}.docx"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    # A draft is not for any cache between here and the person.
    response["Cache-Control"] = "private, no-store"
    return response
