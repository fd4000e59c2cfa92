from pqtracker.answers.models.cases import (
    CASES,
    EDITABLE_STATUSES,
    OPEN_STATUSES,
    AnswerType,
    Candidate,
    CandidateState,
    Case,
    CaseQuerySet,
    CaseStatus,
    DelayReason,
    RejectReason,
    SignedLinkUse,
    StageTime,
)
from pqtracker.answers.models.clearance import (
    ClearanceRoleKind,
    ClearanceStep,
    ClearanceStepDefinition,
    ClearanceStepState,
)
from pqtracker.answers.models.drafts import Comment, DraftVersion
from pqtracker.answers.models.figures import FigureAcceptance
from pqtracker.answers.models.notifications import Notification, NotificationKind
from pqtracker.answers.models.teams import PolicyTeam, TeamMembership

__all__ = [
    "CASES",
    "EDITABLE_STATUSES",
    "OPEN_STATUSES",
    "AnswerType",
    "Candidate",
    "CandidateState",
    "Case",
    "CaseQuerySet",
    "CaseStatus",
    "ClearanceRoleKind",
    "ClearanceStep",
    "ClearanceStepDefinition",
    "ClearanceStepState",
    "Comment",
    "DelayReason",
    "DraftVersion",
    "FigureAcceptance",
    "Notification",
    "NotificationKind",
    "PolicyTeam",
    "RejectReason",
    "SignedLinkUse",
    "StageTime",
    "TeamMembership",
]
