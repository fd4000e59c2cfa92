"""What the deadlines app adds to the question page (via parliament.extensions): the history of
the case's internal-deadline reminders, for those who may see the case."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.http import HttpRequest

from pqtracker.answers.panels import visible_case
from pqtracker.deadlines.models import Reminder
from pqtracker.parliament.extensions import QuestionPanel
from pqtracker.parliament.models import WrittenQuestion


def reminders_panel(request: HttpRequest, question: WrittenQuestion) -> Mapping[str, Any] | None:
    case = visible_case(request, question)
    if case is None:
        return None
    return {
        "case": case,
        "reminders": list(
            Reminder.objects.filter(case=case).select_related("sent_by").order_by("-created_at")
        ),
    }


PANEL = QuestionPanel(
    key="deadlines-reminders",
    template="deadlines/_reminders_panel.html",
    context=reminders_panel,
    order=20,
    region="side",
)
