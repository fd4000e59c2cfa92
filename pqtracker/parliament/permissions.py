"""Who may see what in the public record. Views, querysets and services ask these.

Every question is published by Parliament, so any user whose role grants ``VIEW_QUESTIONS`` may
see every one. The functions still take the object: the answers app's drafts and clearance steps
will narrow what a user sees, and callers already ask per object (404 for what they may not see).
"""

from __future__ import annotations

from typing import Any

from pqtracker.accounts.permissions import Permission, has_permission
from pqtracker.parliament.models import WrittenQuestion
from pqtracker.parliament.models.questions import WrittenQuestionQuerySet


def can_view_question(user: Any, question: WrittenQuestion) -> bool:
    return has_permission(user, Permission.VIEW_QUESTIONS)


def visible_questions(user: Any, questions: WrittenQuestionQuerySet) -> WrittenQuestionQuerySet:
    """``questions`` narrowed to those ``user`` may see (queryset form of can_view_question)."""
    if not has_permission(user, Permission.VIEW_QUESTIONS):
        return questions.none()
    return questions
