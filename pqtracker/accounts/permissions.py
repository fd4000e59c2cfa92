"""What a user may do. Views ask for one of these through @require_permission."""

from enum import StrEnum


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
