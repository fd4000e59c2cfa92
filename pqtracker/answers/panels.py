"""What the answers app adds to the public record's question page (via parliament.extensions):
the workflow's stage and holder, for those who may see the case."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.http import HttpRequest

from pqtracker.answers import rules
from pqtracker.answers.models import Case
from pqtracker.answers.permissions import visible_cases
from pqtracker.parliament.extensions import QuestionPanel
from pqtracker.parliament.models import WrittenQuestion


def case_panel(request: HttpRequest, question: WrittenQuestion) -> Mapping[str, Any] | None:
    case = (
        visible_cases(request.user, Case.objects.select_related("holder", "policy_team"))
        .filter(question=question)
        .first()
    )
    if case is None:
        return None
    return {"case": case, "holder": rules.holder_label(case)}


PANEL = QuestionPanel(
    key="answers-case",
    template="answers/_question_panel.html",
    context=case_panel,
    order=10,
    region="side",
)
