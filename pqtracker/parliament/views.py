from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse

from pqtracker.accounts.decorators import require_permission
from pqtracker.accounts.permissions import Permission
from pqtracker.parliament.models import WrittenQuestion


@require_permission(Permission.VIEW_QUESTIONS)
def question_list(request: HttpRequest) -> HttpResponse:
    questions = WrittenQuestion.objects.for_listing()[:25]
    return TemplateResponse(request, "parliament/question_list.html", {"questions": questions})


@require_permission(Permission.VIEW_QUESTIONS)
def question_detail(request: HttpRequest, pk: int) -> HttpResponse:
    question = get_object_or_404(WrittenQuestion, pk=pk)
    return TemplateResponse(request, "parliament/question_detail.html", {"question": question})
