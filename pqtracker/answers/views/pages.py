"""Pages: the New queue, My work, a case, the clearance chain."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.safestring import SafeString
from django.views.decorators.http import require_safe

from pqtracker.accounts.decorators import require_permission
from pqtracker.accounts.permissions import Permission
from pqtracker.answers import figures, forms, permissions, rules, services
from pqtracker.answers.drafting_rules import has_changes, render_word_diff
from pqtracker.answers.listing import work_rows
from pqtracker.answers.models import (
    AnswerType,
    CandidateState,
    Case,
    CaseStatus,
    ClearanceStep,
    ClearanceStepDefinition,
    Comment,
    DraftVersion,
)
from pqtracker.answers.views.common import get_case, render
from pqtracker.audit.models import AuditEvent
from pqtracker.parliament.models import QuestionGroupLink
from pqtracker.search.models import NearDuplicate

QUEUE_LIMIT = 200
WORK_LIMIT = 25


@login_required
@require_safe
@require_permission(Permission.COMMISSION_QUESTIONS)
def new_queue(request: HttpRequest) -> HttpResponse:
    """NEW and REJECTED cases for the PQ team to commission, with near-duplicates and groups."""
    if not permissions.is_pq_team(request.user):
        raise PermissionDenied("Only the PQ team commissions questions.")
    cases = list(
        Case.objects.for_listing()
        .filter(status__in=(CaseStatus.NEW, CaseStatus.REJECTED))
        .order_by("question__date_for_answer", "id")[:QUEUE_LIMIT]
    )
    question_ids = [c.question_id for c in cases]
    duplicates: dict[int, list[Any]] = {}
    for flag in NearDuplicate.objects.filter(question_id__in=question_ids).select_related(
        "duplicate_of"
    ):
        duplicates.setdefault(flag.question_id, []).append(flag.duplicate_of)
    groups: dict[int, list[str]] = {}
    for link in QuestionGroupLink.objects.filter(question_id__in=question_ids):
        groups.setdefault(link.question_id, []).append(link.uin)
    rows = [
        {
            "case": c,
            "duplicates": duplicates.get(c.question_id, []),
            "grouped": groups.get(c.question_id, []),
        }
        for c in cases
    ]
    return render(request, "answers/new_queue.html", "queue", {"rows": rows, "limit": QUEUE_LIMIT})


@login_required
@require_safe
@require_permission(Permission.VIEW_QUESTIONS)
def my_work(request: HttpRequest) -> HttpResponse:
    """What waits for the signed-in person: cases they hold (drafting, a clearance step), offers
    to accept or reject, and for the PQ team the cases back with it. Each section shows its most
    urgent WORK_LIMIT cases and its total: a fixed number of queries, whatever the numbers."""
    user: Any = request.user
    listing = Case.objects.order_by("internal_deadline", "id")
    sections = [
        (
            "offers",
            "Offered to you",
            "Nothing is waiting for you to accept.",
            # A join, not a subquery: at most one open offer per person and case (a constraint),
            # so no row repeats, and the planner starts from the person's few offers.
            listing.filter(
                status=CaseStatus.COMMISSIONED,
                candidates__user=user,
                candidates__state=CandidateState.OFFERED,
            ),
        ),
        ("held", "With you now", "No questions are with you.", listing.filter(holder=user)),
    ]
    if permissions.is_pq_team(user):
        back = listing.filter(
            Q(status__in=(CaseStatus.REJECTED, CaseStatus.CLEARED))
            | Q(status=CaseStatus.COMMISSIONED, escalated_at__isnull=False)
            # "I will write": followed up until the letter is recorded as sent.
            | Q(
                answer_type=AnswerType.WILL_WRITE,
                follow_up_due__isnull=False,
                follow_up_sent_at__isnull=True,
                status__in=(CaseStatus.SUBMITTED, CaseStatus.ANSWERED),
            )
        )
        sections.append(
            (
                "team",
                "Back with the PQ team",
                "Nothing to reassign, submit, chase or write.",
                back,
            )
        )
    shown = [
        {
            "key": key,
            "title": title,
            "empty": empty,
            "rows": work_rows(cases, WORK_LIMIT),
            "total": cases.count(),
        }
        for key, title, empty, cases in sections
    ]
    return render(request, "answers/my_work.html", "work", {"sections": shown, "limit": WORK_LIMIT})


def case_context(request: HttpRequest, case: Case, **forms_given: Any) -> dict[str, Any]:
    user = request.user
    content = permissions.can_view_content(user, case)
    context: dict[str, Any] = {
        "case": case,
        "question": case.question,
        "holder": rules.holder_label(case),
        "content": content,
        "is_pq_team": permissions.is_pq_team(user),
    }
    if not content:
        return context
    steps = list(ClearanceStep.objects.filter(case=case).select_related("assignee", "acted_by"))
    current = next(
        (s for s in steps if s.round == case.clearance_round and s.state == "pending"),
        None,
    )
    versions = list(
        DraftVersion.objects.filter(case=case).select_related("author").order_by("-number")[:20]
    )
    context.update(
        candidates=list(case.candidates.select_related("user", "team").order_by("offered_at")),
        steps=steps,
        current_step=current,
        can_act_on_step=current is not None and permissions.can_act_on_step(user, current),
        versions=versions,
        latest=versions[0] if versions else None,
        comments=list(Comment.objects.filter(case=case).select_related("author")),
        timeline=list(
            AuditEvent.objects.filter(target_type="answers.case", target_id=str(case.pk))
            .select_related("actor")
            .order_by("created_at", "id")
        ),
        offered=case.status == CaseStatus.COMMISSIONED and permissions.can_decide_offer(user, case),
        can_edit=permissions.can_edit_draft(user, case),
        published_diff=_published_diff(case),
        **_figures_context(user, case, versions[0] if versions else None, forms_given),
    )
    if context["is_pq_team"]:
        ministers = services.minister_choices(case.question.date_for_answer)
        context["commission_form"] = forms_given.get("commission_form") or forms.CommissionForm(
            initial={
                "team": case.policy_team_id,
                "internal_deadline": case.internal_deadline or services.default_deadline(case),
                "answering_minister": case.answering_minister_id,
            },
            ministers=ministers,
        )
        context["submit_form"] = forms_given.get("submit_form") or forms.SubmitForm(
            initial={"answer_type": case.answer_type}
        )
        context["transfer_form"] = forms_given.get("transfer_form") or forms.TransferForm()
        context["delay_form"] = forms_given.get("delay_form") or forms.DelayForm(
            initial={"delay_reason": case.delay_reason, "delay_note": case.delay_note}
        )
    context["reject_form"] = forms_given.get("reject_form") or forms.RejectForm()
    context["step_form"] = forms_given.get("step_form") or forms.StepForm()
    context["clearance_form"] = forms_given.get("clearance_form") or forms.SendToClearanceForm()
    return context


def _figures_context(
    user: Any, case: Case, latest: DraftVersion | None, given: dict[str, Any]
) -> dict[str, Any]:
    """The figure check of the latest version, read only but for accepting a flag (the clearer
    of the step now pending, the drafting team while drafting, the PQ team), and the sources."""
    citations = figures.case_citations(case)
    return {
        "sources": figures.sources(case, citations),
        "derived": figures.derived(citations),
        "check": figures.check_case(case, citations=citations, version=latest),
        "can_accept": services.can_accept_flags(user, case),
        "check_back": "case",
        "figure_error": given.get("figure_error"),
        "figures_refusal": given.get("figures_refusal", ""),
    }


def _published_diff(case: Case) -> SafeString | None:
    """The published answer against the cleared draft, as the drafting pages show versions."""
    if case.published_answer_id is None:
        return None
    published = case.published_answer
    cleared = services.cleared_text(case)
    if published is None or not cleared or not has_changes(cleared, published.answer_text):
        return None
    return render_word_diff(cleared, published.answer_text)


@login_required
@require_safe
@require_permission(Permission.VIEW_QUESTIONS)
def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    case = get_case(request, pk)
    return render(request, "answers/case_detail.html", "case-body", case_context(request, case))


def render_case(
    request: HttpRequest, case: Case, status: int = 200, **forms_given: Any
) -> HttpResponse:
    return render(
        request,
        "answers/case_detail.html",
        "case-body",
        case_context(request, case, **forms_given),
        status=status,
    )


@login_required
@require_permission(Permission.COMMISSION_QUESTIONS)
def clearance_chain(request: HttpRequest) -> HttpResponse:
    if not permissions.can_configure_clearance(request.user):
        raise Http404("No such page")
    definitions = list(ClearanceStepDefinition.objects.order_by("order", "id"))
    initial = [
        {
            "id": d.pk,
            "name": d.name,
            "order": d.order,
            "role_kind": d.role_kind,
            "default_assignee": d.default_assignee_id,
            "optional": d.optional,
            "active": d.active,
        }
        for d in definitions
    ]
    formset = forms.ChainFormSet(request.POST or None, initial=initial, prefix="steps")
    errors: dict[str, Any] = {}
    if request.method == "POST" and formset.is_valid():
        rows = [
            {**f.cleaned_data, "id": f.cleaned_data.get("id")}
            for f in formset.forms
            if f.cleaned_data.get("name") or f.cleaned_data.get("id")
        ]
        try:
            services.save_chain(actor=request.user, steps=rows)
        except ValidationError as exc:
            errors = exc.message_dict
        else:
            from django.contrib import messages

            messages.success(request, "Clearance chain saved")
            return redirect("answers:clearance-chain")
    return render(
        request,
        "answers/clearance_chain.html",
        "chain",
        {"formset": formset, "errors": errors},
        status=400 if request.method == "POST" else 200,
    )
