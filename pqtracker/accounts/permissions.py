"""What a user may do: role permissions, and per-object checks other apps register.

Two questions, asked by views, querysets and services alike:

- ``has_permission(user, Permission.X)``: may this user do X at all (their roles grant it)?
  Views declare it with ``@require_permission`` (``accounts.decorators``).
- ``can_view(user, obj)`` / ``can_change(user, obj)``: may they see or change this object? The
  app that owns the model registers the check (``register_check`` in ``AppConfig.ready()``),
  e.g. ``parliament.permissions.can_view_question``; an object without one is refused. Drafts
  and clearance steps will register theirs the same way, narrowing by owner or stage.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum
from typing import Any


class Permission(StrEnum):
    VIEW_QUESTIONS = "view_questions"
    SEARCH_QUESTIONS = "search_questions"
    EXPORT_QUESTIONS = "export_questions"
    VIEW_IMPORTS = "view_imports"
    RUN_IMPORTS = "run_imports"
    # Room for drafting, clearance and deadlines (docs/roadmap in ../shared): granted to roles now
    # so role descriptions stay true as the features arrive.
    COMMISSION_QUESTIONS = "commission_questions"
    DRAFT_ANSWERS = "draft_answers"
    CLEAR_ANSWERS = "clear_answers"
    VIEW_DEADLINES = "view_deadlines"
    EDIT_CALENDAR = "edit_calendar"


VIEW = "view"
CHANGE = "change"

ObjectCheck = Callable[[Any, Any], bool]
_checks: dict[tuple[type, str], ObjectCheck] = {}


def has_permission(user: Any, permission: Permission) -> bool:
    """Signed in, active, and granted ``permission`` by a role (superusers have every one)."""
    return bool(getattr(user, "is_authenticated", False) and user.has_permission(permission))


def register_check(model: type, action: str, check: ObjectCheck) -> None:
    """Say how to decide ``action`` ("view", "change", ...) on ``model``'s objects."""
    _checks[(model, action)] = check


def can(user: Any, action: str, obj: Any) -> bool:
    """Whether ``user`` may ``action`` ``obj``; refused when its app registered no check."""
    check = _checks.get((type(obj), action))
    return check is not None and check(user, obj)


def can_view(user: Any, obj: Any) -> bool:
    return can(user, VIEW, obj)


def can_change(user: Any, obj: Any) -> bool:
    return can(user, CHANGE, obj)


def can_manage_roles(user: Any) -> bool:
    """Grant and revoke roles: superusers, and staff given the admin's role permissions."""
    return bool(
        getattr(user, "is_authenticated", False)
        and user.is_active
        and (user.is_superuser or user.has_perm("accounts.add_roleassignment"))
    )
