"""Parliament's public record: members, answering bodies, written questions, answers, and the
history we keep of every change Parliament makes to them (its API overwrites in place)."""

from pqtracker.parliament.models import lookups  # noqa: F401 - registers field__any
from pqtracker.parliament.models.history import (
    IMPORTS,
    ImportRun,
    ImportRunStatus,
    QuarantinedRecord,
    QuestionChange,
)
from pqtracker.parliament.models.members import AnsweringBody, GovernmentPost, House, Member
from pqtracker.parliament.models.questions import (
    Answer,
    AnswerAttachment,
    QuestionGroupLink,
    QuestionSource,
    QuestionStatus,
    WrittenQuestion,
)

__all__ = [
    "IMPORTS",
    "Answer",
    "AnswerAttachment",
    "AnsweringBody",
    "GovernmentPost",
    "House",
    "ImportRun",
    "ImportRunStatus",
    "Member",
    "QuarantinedRecord",
    "QuestionChange",
    "QuestionGroupLink",
    "QuestionSource",
    "QuestionStatus",
    "WrittenQuestion",
]
