"""The dashboard's bulk actions: parse the selection and the form, authorise, call one service,
and show what happened to each selected question. A plain form post, so it works without
JavaScript; a form with errors comes back with the selection kept and nothing done."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils import timezone
from django.views.decorators.http import require_POST

from pqtracker.accounts.decorators import require_permission
from pqtracker.accounts.permissions import Permission
from pqtracker.answers.models import Case
from pqtracker.answers.permissions import visible_cases
from pqtracker.deadlines import bulk, reminders
from pqtracker.deadlines.forms import BulkAction, BulkForm
from pqtracker.parliament.models import WrittenQuestion

# A batch larger than the dashboard's lists can show is not a selection made by hand.
MAX_SELECTED = 500
DONE = {
    BulkAction.REASSIGN: "Reassigned",
    BulkAction.DEADLINE: "Internal deadlines changed",
    BulkAction.REMIND: "Reminders",
}


@require_permission(Permission.COMMISSION_QUESTIONS)
@require_POST
def bulk_action(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    form = BulkForm(request.POST, today=today)
    raw = request.POST.getlist("question")
    ids = sorted({int(x) for x in raw if x.isdigit()})
    questions = list(
        WrittenQuestion.objects.filter(pk__in=ids[:MAX_SELECTED]).only("pk", "uin", "heading")
    )
    selection_error = None
    if not ids:
        selection_error = "Select at least one question"
    elif len(ids) != len(raw) or len(ids) > MAX_SELECTED or len(questions) != len(ids):
        selection_error = f"The selection is not valid: choose up to {MAX_SELECTED} questions"
    if not form.is_valid() or selection_error:
        return _page(request, form, questions, selection_error=selection_error, status=400)
    # Per object: only cases this user may see (the services check what they may do).
    cases = list(
        visible_cases(request.user, Case.objects.for_listing())
        .filter(question_id__in=ids)
        .order_by("question__date_for_answer", "id")
    )
    outside = [q for q in questions if q.pk not in {c.question_id for c in cases}]
    action = form.cleaned_data["action"]
    if outside and action != BulkAction.REMIND:
        uins = ", ".join(q.uin for q in outside)
        return _page(
            request,
            form,
            questions,
            selection_error=f"Not in the answering workflow, so nothing was changed: {uins}",
            status=409,
        )
    try:
        rows = _run(request, form, action, cases)
    except ValidationError as exc:
        for field, problems in exc.message_dict.items():
            form.add_error("officer" if field == "candidates" else None, problems)
        return _page(request, form, questions, status=400)
    except bulk.BatchRefused as refused:
        return _page(request, form, questions, rows=refused.rows, refused=True, status=409)
    skipped = [
        {"question": q, "done": False, "message": "Not sent: not in the answering workflow"}
        for q in outside
    ]
    return _page(request, form, questions, rows=rows, extra=skipped, done=DONE[action])


def _run(request: HttpRequest, form: BulkForm, action: str, cases: list[Case]) -> list[Any]:
    data = form.cleaned_data
    if action == BulkAction.REASSIGN:
        return bulk.reassign(
            cases=cases,
            actor=request.user,
            team=data["team"],
            officers=form.team_officers(),
            seen_at=data["seen_at"],
        )
    if action == BulkAction.DEADLINE:
        return bulk.change_deadlines(cases=cases, actor=request.user, deadline=data["deadline"])
    return reminders.send_reminders_now(cases=cases, actor=request.user)


def _page(
    request: HttpRequest,
    form: BulkForm,
    questions: list[WrittenQuestion],
    *,
    rows: list[Any] | None = None,
    extra: list[dict[str, Any]] | None = None,
    selection_error: str | None = None,
    refused: bool = False,
    done: str = "",
    status: int = 200,
) -> HttpResponse:
    results = [
        {"question": row.case.question, "done": row.done, "message": row.message}
        for row in rows or []
    ] + (extra or [])
    return TemplateResponse(
        request,
        "deadlines/bulk.html",
        {
            "form": form,
            "questions": questions,
            "results": results,
            "selection_error": selection_error,
            "refused": refused,
            "done": done,
            "query": request.POST.get("query", ""),
        },
        status=status,
    )
