"""POST actions on a case: each parses its form, calls one service, and sends the user back to
the case page (htmx swaps the case's body in place). A service that finds the case already moved
(a double click) changes nothing and the page says so."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.views.decorators.http import require_POST

from pqtracker.accounts.decorators import require_permission
from pqtracker.accounts.permissions import Permission
from pqtracker.answers import forms, permissions, services
from pqtracker.answers.links import LinkInvalid, read_token
from pqtracker.answers.models import Candidate, Case, CaseStatus, ClearanceStep
from pqtracker.answers.views.common import get_case
from pqtracker.answers.views.pages import render_case

ALREADY = "Nothing changed: the question had already moved on."


def _done(request: HttpRequest, case: Case, changed: bool, message: str) -> HttpResponse:
    if changed:
        messages.success(request, message)
    else:
        messages.info(request, ALREADY)
    return redirect(case.get_absolute_url())


def _invalid(
    request: HttpRequest,
    case: Case,
    form_name: str,
    form: Any,
    error: ValidationError | None = None,
) -> HttpResponse:
    if error is not None:
        for field, problems in error.message_dict.items():
            form.add_error(field if field in form.fields else None, problems)
    return render_case(request, case, status=400, **{form_name: form})


@login_required
@require_POST
@require_permission(Permission.COMMISSION_QUESTIONS)
def commission(request: HttpRequest, pk: int) -> HttpResponse:
    case = get_case(request, pk)
    if not permissions.can_commission(request.user):
        raise Http404("No such case")
    form = forms.CommissionForm(
        request.POST, ministers=services.minister_choices(case.question.date_for_answer)
    )
    if not form.is_valid():
        return _invalid(request, case, "commission_form", form)
    data = form.cleaned_data
    choices = {
        "team": data["team"],
        "candidates": list(data["candidates"]),
        "answering_minister": data["answering_minister"],
        "policy_minister": data["policy_minister"],
        "internal_deadline": data["internal_deadline"],
    }
    try:
        if case.status == CaseStatus.NEW:
            changed = services.commission(case=case, actor=request.user, **choices)
        else:
            changed = services.reassign(
                case=case, actor=request.user, since=case.status_since, **choices
            )
    except ValidationError as exc:
        return _invalid(request, case, "commission_form", form, exc)
    return _done(request, case, changed, f"Commissioned to {data['team']}")


@login_required
@require_permission(Permission.COMMISSION_QUESTIONS)
def bulk_commission(request: HttpRequest) -> HttpResponse:
    """Several NEW cases commissioned alike: GET (from the New queue's checkboxes) shows the form,
    POST commissions them all or none."""
    if not permissions.can_commission(request.user):
        raise Http404("No such page")
    source = request.POST if request.method == "POST" else request.GET
    ids = [int(x) for x in source.getlist("case") if x.isdigit()]
    cases = list(Case.objects.for_listing().filter(pk__in=ids, status=CaseStatus.NEW))
    if not cases:
        messages.error(request, "Select at least one new question to commission")
        return redirect("answers:new-queue")
    due = min(
        (c.question.date_for_answer for c in cases if c.question.date_for_answer), default=None
    )
    ministers = services.minister_choices(due)
    form = forms.CommissionForm(
        request.POST if request.method == "POST" else None,
        initial={
            "internal_deadline": min(
                (d for c in cases if (d := services.default_deadline(c))), default=None
            )
        },
        ministers=ministers,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            moved = services.bulk_commission(
                cases=cases,
                actor=request.user,
                team=data["team"],
                candidates=list(data["candidates"]),
                answering_minister=data["answering_minister"],
                policy_minister=data["policy_minister"],
                internal_deadline=data["internal_deadline"],
            )
        except ValidationError as exc:
            for field, problems in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, problems)
        else:
            messages.success(request, f"{len(moved)} questions commissioned to {data['team']}")
            return redirect("answers:new-queue")
    return TemplateResponse(
        request,
        "answers/bulk_commission.html",
        {"form": form, "cases": cases},
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_POST
@require_permission(Permission.DRAFT_ANSWERS)
def accept(request: HttpRequest, pk: int) -> HttpResponse:
    case = get_case(request, pk, content=True)
    if not permissions.was_offered(request.user, case):
        raise Http404("No such case")
    return _done(request, case, services.accept(case=case, actor=request.user), "You accepted")


@login_required
@require_POST
@require_permission(Permission.DRAFT_ANSWERS)
def reject(request: HttpRequest, pk: int) -> HttpResponse:
    case = get_case(request, pk, content=True)
    if not permissions.was_offered(request.user, case):
        raise Http404("No such case")
    form = forms.RejectForm(request.POST)
    if not form.is_valid():
        return _invalid(request, case, "reject_form", form)
    try:
        changed = services.reject(case=case, actor=request.user, **form.cleaned_data)
    except ValidationError as exc:
        return _invalid(request, case, "reject_form", form, exc)
    return _done(request, case, changed, "You rejected the question; the PQ team has been told")


@login_required
@require_POST
@require_permission(Permission.VIEW_QUESTIONS)
def send_to_clearance(request: HttpRequest, pk: int) -> HttpResponse:
    case = get_case(request, pk, content=True)
    form = forms.SendToClearanceForm(request.POST)
    if not form.is_valid():
        return _invalid(request, case, "clearance_form", form)
    if not permissions.is_drafting_team(request.user, case):
        raise Http404("No such case")
    try:
        changed = services.send_to_clearance(
            case=case,
            actor=request.user,
            optional_step_ids=[d.pk for d in form.cleaned_data["optional_steps"]],
        )
    except ValidationError as exc:
        if "figures" in getattr(exc, "error_dict", {}):
            refusal = exc.message_dict["figures"][0]
            return render_case(
                request, case, status=400, clearance_form=form, figures_refusal=refusal
            )
        return _invalid(request, case, "clearance_form", form, exc)
    return _done(request, case, changed, "Sent to clearance")


@login_required
@require_POST
@require_permission(Permission.VIEW_QUESTIONS)
def act_on_step(request: HttpRequest, pk: int, decision: str) -> HttpResponse:
    step = get_object_or_404(ClearanceStep.objects.select_related("case"), pk=pk)
    case = get_case(request, step.case_id, content=True)
    step.case = case
    form = forms.StepForm(request.POST)
    if not form.is_valid():
        return _invalid(request, case, "step_form", form)
    if step.state != "pending":
        return _done(request, case, False, "")
    comment = form.cleaned_data["comment"]
    try:
        if decision == "approve":
            changed = services.approve_step(step=step, actor=request.user, comment=comment)
            message = f"{step.name} approved"
        else:
            changed = services.return_step(step=step, actor=request.user, comment=comment)
            message = f"Returned to the action officer at {step.name}"
    except ValidationError as exc:
        if "figures" in getattr(exc, "error_dict", {}):
            # Refused at the Minister's door: the page says which numbers and how to go on.
            refusal = exc.message_dict["figures"][0]
            return render_case(request, case, status=400, step_form=form, figures_refusal=refusal)
        return _invalid(request, case, "step_form", form, exc)
    return _done(request, case, changed, message)


@login_required
@require_POST
@require_permission(Permission.COMMISSION_QUESTIONS)
def submit(request: HttpRequest, pk: int) -> HttpResponse:
    case = get_case(request, pk, content=True)
    if not permissions.can_submit(request.user):
        raise Http404("No such case")
    form = forms.SubmitForm(request.POST)
    if not form.is_valid():
        return _invalid(request, case, "submit_form", form)
    try:
        changed = services.submit(case=case, actor=request.user, **form.cleaned_data)
    except ValidationError as exc:
        return _invalid(request, case, "submit_form", form, exc)
    return _done(request, case, changed, "Marked as submitted")


@login_required
@require_POST
@require_permission(Permission.COMMISSION_QUESTIONS)
def transfer(request: HttpRequest, pk: int) -> HttpResponse:
    case = get_case(request, pk, content=True)
    if not permissions.is_pq_team(request.user):
        raise Http404("No such case")
    form = forms.TransferForm(request.POST)
    if not form.is_valid():
        return _invalid(request, case, "transfer_form", form)
    changed = services.transfer_out(
        case=case,
        actor=request.user,
        department=form.cleaned_data["department"],
        on=form.cleaned_data["transferred_on"],
    )
    return _done(request, case, changed, f"Transferred to {form.cleaned_data['department']}")


@login_required
@require_POST
@require_permission(Permission.VIEW_QUESTIONS)
def delay(request: HttpRequest, pk: int) -> HttpResponse:
    case = get_case(request, pk, content=True)
    form = forms.DelayForm(request.POST)
    if not form.is_valid():
        return _invalid(request, case, "delay_form", form)
    services.set_delay_reason(
        case=case,
        actor=request.user,
        reason=form.cleaned_data["delay_reason"],
        note=form.cleaned_data["delay_note"],
    )
    return _done(request, case, True, "Delay reason recorded")


@login_required
@require_POST
@require_permission(Permission.COMMISSION_QUESTIONS)
def letter_sent(request: HttpRequest, pk: int) -> HttpResponse:
    case = get_case(request, pk, content=True)
    if not permissions.can_submit(request.user):
        raise Http404("No such case")
    changed = services.record_letter_sent(case=case, actor=request.user)
    return _done(request, case, changed, "Letter recorded as sent")


@login_required
@require_permission(Permission.DRAFT_ANSWERS)
def signed_link(request: HttpRequest, token: str) -> HttpResponse:
    """The commissioning email's link. GET only shows what it will do (mail scanners follow
    links); POST acts, once."""
    error = ""
    offer = None
    action = ""
    form = forms.RejectForm(request.POST or None)
    try:
        payload = read_token(token)
        action = payload.action
        offer = (
            Candidate.objects.select_related("case__question", "user")
            .filter(pk=payload.candidate_id, user_id=request.user.pk or 0)
            .first()
        )
        if offer is None:
            raise LinkInvalid("This link is not valid.")
    except LinkInvalid as exc:
        error = str(exc)
    ready = action == "accept" or form.is_valid()
    if request.method == "POST" and not error and offer is not None and ready:
        extra = form.cleaned_data if action == "reject" else {}
        try:
            services.use_signed_link(token=token, actor=request.user, **extra)
        except LinkInvalid as exc:
            error = str(exc)
        except ValidationError as exc:
            for field, problems in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, problems)
        else:
            messages.success(request, "You accepted" if action == "accept" else "You rejected")
            return redirect(offer.case.get_absolute_url())
    return TemplateResponse(
        request,
        "answers/signed_link.html",
        {"error": error, "offer": offer, "action": action, "form": form},
        status=400 if error else 200,
    )
