"""The workflow record of one written question: who answers it, where it stands, since when."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse

from pqtracker.answers.models.teams import PolicyTeam
from pqtracker.parliament import generation
from pqtracker.parliament.models import Answer, Member, WrittenQuestion

_USER = settings.AUTH_USER_MODEL


class CaseStatus(models.TextChoices):
    NEW = "new", "New"
    COMMISSIONED = "commissioned", "Commissioned"
    ACCEPTED = "accepted", "Accepted"
    DRAFTING = "drafting", "Drafting"
    IN_CLEARANCE = "in_clearance", "In clearance"
    CLEARED = "cleared", "Cleared"
    SUBMITTED = "submitted", "Submitted"
    ANSWERED = "answered", "Answered"
    REJECTED = "rejected", "Rejected"
    TRANSFERRED_OUT = "transferred_out", "Transferred out"
    HOLDING = "holding", "Holding answer"
    # The Member withdrew the question (seen by the importer): nobody answers it any more.
    WITHDRAWN = "withdrawn", "Withdrawn"


# Statuses in which the case is still the department's to answer.
OPEN_STATUSES = frozenset(
    {
        CaseStatus.NEW,
        CaseStatus.COMMISSIONED,
        CaseStatus.ACCEPTED,
        CaseStatus.DRAFTING,
        CaseStatus.IN_CLEARANCE,
        CaseStatus.CLEARED,
        CaseStatus.REJECTED,
        CaseStatus.HOLDING,
    }
)
# Statuses in which the action officer may change the draft (a draft in clearance is read-only).
EDITABLE_STATUSES = frozenset({CaseStatus.ACCEPTED, CaseStatus.DRAFTING, CaseStatus.HOLDING})


class AnswerType(models.TextChoices):
    SUBSTANTIVE = "substantive", "Substantive"
    HOLDING = "holding", "Holding"
    REFERRAL = "referral", "Referral to an earlier answer"
    DISPROPORTIONATE_COST = "disproportionate_cost", "Disproportionate cost"
    WILL_WRITE = "will_write", "I will write"
    CORRECTION = "correction", "Correction of an earlier answer"


class DelayReason(models.TextChoices):
    LATE_COMMISSION = "late_commission", "Commissioned late"
    REASSIGNED = "reassigned", "Rejected and reassigned"
    CROSS_GOVERNMENT = "cross_government", "Needed input from another department"
    DATA = "data", "Figures not yet available"
    CLEARANCE = "clearance", "Held in clearance"
    MINISTER = "minister", "Minister unavailable"
    OTHER = "other", "Other"


# The generation topic of the cases (``parliament.generation``): what the question page and the
# lists keep of a case (its stage and holder) is kept under it, so every write to a case must
# advance it. The transition services write by conditional ``update()``, which sends no signal:
# the queryset's own writes advance it here, and saves and deletes of one case by signal
# (answers.apps).
CASES = "cases"


class CaseQuerySet(generation.AdvancingQuerySet["Case"]):
    generation_topic = CASES

    def open(self) -> CaseQuerySet:
        return self.filter(status__in=OPEN_STATUSES)

    def with_status(self, status: str) -> CaseQuerySet:
        return self.filter(status=status)

    def for_listing(self) -> CaseQuerySet:
        return self.select_related(
            "question__asking_member",
            "question__answering_body",
            "policy_team",
            "action_officer",
            "holder",
        )


class Case(models.Model):
    """One per departmental written question: the answering workflow's state.

    ``status`` moves only through the transition services (``answers.services``), each a
    conditional update on the status it expects, so a retried or doubled request does nothing.
    """

    question = models.OneToOneField(WrittenQuestion, on_delete=models.CASCADE, related_name="case")
    status = models.CharField(max_length=20, choices=CaseStatus.choices, default=CaseStatus.NEW)
    status_since = models.DateTimeField()
    policy_team = models.ForeignKey(
        PolicyTeam, null=True, blank=True, on_delete=models.PROTECT, related_name="cases"
    )
    action_officer = models.ForeignKey(
        _USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="cases_owned"
    )
    answering_minister = models.ForeignKey(
        Member, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    policy_minister = models.ForeignKey(
        Member, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    internal_deadline = models.DateField(null=True, blank=True)
    answer_type = models.CharField(
        max_length=24, choices=AnswerType.choices, default=AnswerType.SUBSTANTIVE
    )
    # Who holds the question now (None: the PQ team, or the candidates while it is offered).
    holder = models.ForeignKey(
        _USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="cases_held"
    )
    held_since = models.DateTimeField(null=True, blank=True)
    delay_reason = models.CharField(max_length=20, choices=DelayReason.choices, blank=True)
    delay_note = models.CharField(max_length=500, blank=True)
    # A transfer in keeps the question's own date for answer: Parliament's deadline does not move.
    transferred_in_at = models.DateTimeField(null=True, blank=True)
    transferred_to = models.CharField("transferred to department", max_length=200, blank=True)
    transferred_at = models.DateTimeField(null=True, blank=True)
    follow_up_due = models.DateField(
        null=True, blank=True, help_text='When the "I will write" letter is due'
    )
    follow_up_sent_at = models.DateTimeField(null=True, blank=True)
    commissioned_at = models.DateTimeField(null=True, blank=True)
    commissioned_by = models.ForeignKey(
        _USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    escalated_at = models.DateTimeField(null=True, blank=True)
    # The highest DraftVersion.number: a save names the version it was based on and claims the
    # next number by a conditional update on this field, so two saves never both win.
    latest_version = models.PositiveIntegerField(default=0)
    clearance_round = models.PositiveIntegerField(default=0)
    cleared_version = models.PositiveIntegerField(null=True, blank=True)
    cleared_at = models.DateTimeField(null=True, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        _USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    published_answer = models.ForeignKey(
        Answer, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = CaseQuerySet.as_manager()

    class Meta:
        ordering = ["internal_deadline", "id"]
        indexes = [
            models.Index(fields=["status", "internal_deadline"], name="case_status_deadline"),
            models.Index(fields=["policy_team", "status"], name="case_team_status"),
            models.Index(fields=["action_officer", "status"], name="case_officer_status"),
            models.Index(fields=["holder", "status"], name="case_holder_status"),
            # My work: a person's cases in deadline order, read from the index without a sort.
            models.Index(fields=["holder", "internal_deadline", "id"], name="case_holder_deadline"),
        ]

    def __str__(self) -> str:
        return f"Case for {self.question}"

    def get_absolute_url(self) -> str:
        return reverse("answers:case", args=[self.pk])

    @property
    def is_editable(self) -> bool:
        return self.status in EDITABLE_STATUSES


class CandidateState(models.TextChoices):
    OFFERED = "offered", "Offered"
    ACCEPTED = "accepted", "Accepted"
    RELEASED = "released", "Released"
    REJECTED = "rejected", "Rejected"


class RejectReason(models.TextChoices):
    SAME_TEAM = "same_team", "Another person in my team"
    OTHER_DIRECTORATE = "other_directorate", "Another directorate"
    OTHER_DIVISION = "other_division", "Another division"
    OTHER_DEPARTMENT = "other_department", "Another department"


class Candidate(models.Model):
    """A person offered the question as action officer. Never deleted: rejections are history."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="candidates")
    user = models.ForeignKey(_USER, on_delete=models.CASCADE, related_name="candidacies")
    team = models.ForeignKey(
        PolicyTeam, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    state = models.CharField(
        max_length=10, choices=CandidateState.choices, default=CandidateState.OFFERED
    )
    reason_code = models.CharField(max_length=20, choices=RejectReason.choices, blank=True)
    reason_text = models.TextField(blank=True)
    offered_at = models.DateTimeField()
    offered_by = models.ForeignKey(
        _USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["case", "offered_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "user"],
                condition=Q(state="offered"),
                name="one_open_offer_per_candidate",
            ),
            models.CheckConstraint(
                condition=~Q(state="rejected") | ~Q(reason_code=""),
                name="rejection_has_reason_code",
            ),
        ]
        indexes = [models.Index(fields=["user", "state"], name="candidate_user_state")]

    def __str__(self) -> str:
        return f"{self.user} for {self.case.question}"


class SignedLinkUse(models.Model):
    """One row per used accept/reject link: the unique key makes each link work once."""

    key = models.CharField(max_length=64, unique=True)
    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="link_uses")
    action = models.CharField(max_length=10)
    used_at = models.DateTimeField()

    class Meta:
        ordering = ["-used_at"]

    def __str__(self) -> str:
        return f"{self.action} link for {self.candidate}"


class StageTime(models.Model):
    """A spell of a case in one status: the time spent in every stage, for the statistics."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="stage_times")
    status = models.CharField(max_length=20, choices=CaseStatus.choices)
    entered_at = models.DateTimeField()
    left_at = models.DateTimeField(null=True, blank=True)
    by = models.ForeignKey(
        _USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["case", "entered_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["case"], condition=Q(left_at__isnull=True), name="one_open_stage_per_case"
            )
        ]

    def __str__(self) -> str:
        return f"{self.case} {self.status} from {self.entered_at:%Y-%m-%d %H:%M}"
