from __future__ import annotations

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.http import require_safe

from pqtracker.accounts.decorators import require_permission
from pqtracker.accounts.permissions import Permission
from pqtracker.parliament import extensions, generation
from pqtracker.parliament.filters import questions_matching
from pqtracker.parliament.forms import FILTER_ERRORS_HEADER, QuestionFilterForm
from pqtracker.parliament.models import WrittenQuestion
from pqtracker.parliament.pagination import QuestionPaginator, Rows
from pqtracker.parliament.permissions import can_view_question, visible_questions
from pqtracker.web.htmx import HtmxHttpRequest, render_page, wants_partial

# The columns the list's rows show (templates/parliament/question_list.html: the title, the
# asker, the department, dates, the deadline and status tags): a row of every column (the text,
# the import's bookkeeping) with the member's and department's cost half as much again to build.
# A column left out here and read by the template costs a query a row (test_list_scale holds
# the queries fixed whatever the rows).
LISTED_COLUMNS = (
    "uin",
    "heading",
    "house",
    "date_tabled",
    "date_for_answer",
    "is_named_day",
    "status",
    "on_time_by",
    "answered_on_time",
    "asking_member__name_display",
    "answering_body__name",
)


def address(path: str, query: str) -> str:
    return f"{path}?{query}" if query else path


@require_safe
@require_permission(Permission.VIEW_QUESTIONS)
def question_list(request: HtmxHttpRequest) -> HttpResponse:
    form = QuestionFilterForm(request.GET or None)
    query = form.canonical_query()
    partial = wants_partial(request)
    if not partial and query.urlencode() != request.GET.urlencode():
        # A form sent without JavaScript carries every empty field, and older addresses older
        # spellings: the address bar (and a shared link) gets the short, current one.
        return redirect(address(request.path, query.urlencode()))
    listed = visible_questions(
        request.user, WrittenQuestion.objects.for_listing().only(*LISTED_COLUMNS)
    )
    questions = questions_matching(listed, form.criteria())
    paginator = QuestionPaginator(questions, settings.QUESTIONS_PAGE_SIZE)
    # get_page turns a missing, non-numeric or out-of-range page into a real one.
    page_obj = paginator.get_page(request.GET.get("page"))
    # Tags other apps add to a row ("Possible duplicate" from search): one query per provider.
    rows = page_obj.object_list
    assert isinstance(rows, Rows)  # QuestionPaginator's pages
    row_tags = extensions.tags_for(rows.ids, request.user)
    return render_page(
        request,
        "parliament/question_list.html",
        {
            "form": form,
            "query": query,
            "page_obj": page_obj,
            "row_tags": row_tags,
            # The rows, rendered once per change to the record (ADR 19): they show the record,
            # the filters' query in their links, and the tags this user sees.
            "rows_key": generation.rows_key(
                "list", query.urlencode(), page_obj.number, sorted(row_tags.items())
            ),
            "page_range": paginator.get_elided_page_range(
                page_obj.number, on_each_side=1, on_ends=1
            ),
            # Re-send the form when it shows errors now, or did before this request.
            "swap_form": partial and bool(form.errors or request.headers.get(FILTER_ERRORS_HEADER)),
        },
        partial="results",
        push_url=address(request.path, query.urlencode()),
    )


# The question pages opened most, each read once per change to the record (with its answers,
# attachments, grouped questions and history: five queries) rather than on every view: the people
# drafting, clearing and chasing a question open it again and again. Never changed once read.
_QUESTIONS = generation.Kept("question pages", size=500, shared=True)


def _question_for_page(pk: int) -> WrittenQuestion | None:
    return _QUESTIONS.get(
        ("question", pk), lambda: WrittenQuestion.objects.for_detail().filter(pk=pk).first()
    )


@require_safe
@require_permission(Permission.VIEW_QUESTIONS)
def question_detail(request: HttpRequest, pk: int) -> HttpResponse:
    question = _question_for_page(pk)
    if question is None or not can_view_question(request.user, question):
        raise Http404  # what a user may not see, they are not told exists
    answers = list(question.answers.all())
    current_answer = next((answer for answer in answers if answer.is_current), None)
    changes = list(question.changes.all())
    corrections = [answer for answer in answers if answer.is_correction]
    # A corrected answer's original is shown with the correction; not again as an earlier version.
    shown_as_original = {answer.original_answer_html for answer in corrections}
    # The list links here with its own query, so "Back" returns to the same filters and page.
    # (Without filters, no form to build: its member choices cost queries.)
    back_query = (
        QuestionFilterForm(request.GET).canonical_query().urlencode() if request.GET else ""
    )
    return TemplateResponse(
        request,
        "parliament/question_detail.html",
        {
            "question": question,
            "list_url": address(reverse("parliament:question-list"), back_query),
            "current_answer": current_answer,
            "earlier_answers": [
                answer
                for answer in answers
                if not answer.is_current
                and not answer.is_holding
                and answer.answer_html not in shown_as_original
            ],
            # Earlier holding answers only: a current one is the answer shown above.
            "holding_answers": [
                answer for answer in answers if answer.is_holding and not answer.is_current
            ],
            "corrections": corrections,
            "group_links": list(question.group_links.all()),
            "transfers": [change for change in changes if change.is_transfer],
            "changes": changes,
            # What other apps add (similar questions, possible duplicates: search), by region.
            "panels": extensions.panels_for(request, question),
        },
    )
