"""Demo workflow: ``seed()`` puts the demo's departmental questions in every workflow stage, with
teams, drafts, versions, comments and clearance history, so each demo role finds a working day's
work on first sign-in (pq_team: new questions, a rejection to reassign, an answer to submit;
drafter: an offer, drafts; clearer: steps waiting).

``seed_demo`` (pqtracker.demo) runs it after the public record's demo users and questions; the
write path's signal has already given each unanswered departmental question its NEW case. Safe
to run again: once the demo teams exist it only dates the open cases' internal deadlines from
today (``date_deadlines``), so the demo reads as a live working day whenever it is started.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from pqtracker.accounts.models import User
from pqtracker.accounts.roles import Role
from pqtracker.answers import figures, services
from pqtracker.answers.models import (
    AnswerType,
    Case,
    CaseStatus,
    ClearanceStepDefinition,
    Comment,
    DelayReason,
    DraftVersion,
    PolicyTeam,
    RejectReason,
    TeamMembership,
)
from pqtracker.answers.services.clearance import ensure_default_chain
from pqtracker.audit import services as audit
from pqtracker.audit.models import AuditVerb
from pqtracker.calendar.rules import add_working_days
from pqtracker.parliament.demo.dates import on_or_before
from pqtracker.parliament.models import QuestionSource, WrittenQuestion
from pqtracker.search.models import NearDuplicate

SEND_TEAM = "SEND Policy"
FUNDING_TEAM = "Schools Funding"

DRAFTS = (
    (
        "The department publishes the number of education, health and care plans issued within "
        "20 weeks each year in 'Education, health and care plans', on Explore Education "
        "Statistics.",
        "Lines to take: timeliness has fallen since 2021. Figures from the SEN2 return.",
    ),
    (
        "In 2023, 50.3% of new education, health and care plans were issued within 20 weeks, "
        "excluding exceptions. The department publishes these figures each year in 'Education, "
        "health and care plans'.",
        "Lines to take: timeliness has fallen since 2021; the SEND and AP Improvement Plan sets "
        "out how it will rise. Analysts confirmed the 2023 figure.",
    ),
    (
        "In 2023, 50.3% of new education, health and care plans were issued within 20 weeks, "
        "excluding exceptions, compared with 49.2% in 2022. The department publishes these "
        "figures each year in 'Education, health and care plans', on Explore Education "
        "Statistics.",
        "Lines to take: as version 2. Special Adviser asked for the comparison with 2022.",
    ),
)


def _user(username: str, role: Role, first: str, last: str) -> User:
    user, created = User.objects.get_or_create(
        username=username,
        defaults={"first_name": first, "last_name": last, "email": f"{username}@example.org"},
    )
    if created:
        user.set_unusable_password()  # a colleague in the story, never signed in as
        user.save(update_fields=["password"])
    user.role_assignments.get_or_create(role=role)
    return user


def _save(case: Case, user: Any, answer: str, note: str) -> None:
    """A version as the drafting editor writes one (demo history; the editor's own service adds
    conflict handling that a script does not need)."""
    number = case.latest_version + 1
    DraftVersion.objects.create(
        case=case,
        number=number,
        answer_text=answer,
        background_note=note,
        author=user,
        based_on=case.latest_version or None,
    )
    Case.objects.filter(pk=case.pk).update(latest_version=number)
    case.refresh_from_db()
    audit.record(
        actor=user, verb=AuditVerb.ANSWERS_DRAFT_SAVED, target=case, data={"version": number}
    )


def _comment(case: Case, user: Any, text: str) -> None:
    Comment.objects.create(case=case, author=user, text=text)
    audit.record(actor=user, verb=AuditVerb.ANSWERS_COMMENT_ADDED, target=case)


# Why the demo's clearer lets the drafts' uncited percentages stand at the Minister's door.
FIGURES_CONFIRMED = (
    "SEN2 timeliness figures, confirmed by analysts; not yet in the evidence library."
)


def _clear_all(case: Case, clearer: Any) -> None:
    while (step := services.current_step(case)) is not None:
        if figures.sends_to_minister(step):
            for flag in figures.check_case(case).open_flags:
                services.accept_flag(
                    case=case,
                    actor=clearer,
                    text=flag.text,
                    status=flag.status,
                    reason=FIGURES_CONFIRMED,
                )
        services.approve_step(step=step, actor=clearer, comment="Content.")
        case.refresh_from_db()


def is_seeded() -> bool:
    return PolicyTeam.objects.filter(name=SEND_TEAM).exists()


@transaction.atomic
def seed(today: datetime.date | None = None) -> dict[str, int]:
    """Returns how many demo cases are in each stage (empty when already seeded). Every run,
    seeded or not, dates the open demo cases' internal deadlines from ``today``."""
    today = today or timezone.localdate()
    if is_seeded():
        date_deadlines(today)
        return {}
    pq_team = User.objects.get(username="pq_team")
    drafter = User.objects.get(username="drafter")
    clearer = User.objects.get(username="clearer")
    colleague = _user("drafter_funding", Role.DRAFTER, "Femi", "Adeyemi")
    send = PolicyTeam.objects.create(
        name=SEND_TEAM, directorate="SEND and Alternative Provision", division="SEND Reform"
    )
    funding = PolicyTeam.objects.create(
        name=FUNDING_TEAM, directorate="Funding", division="Schools Funding"
    )
    TeamMembership.objects.get_or_create(team=send, user=drafter)
    TeamMembership.objects.get_or_create(team=funding, user=colleague)
    # Femi covers SEND questions too, so offers can go to two people.
    TeamMembership.objects.get_or_create(team=send, user=colleague)
    ensure_default_chain()
    ClearanceStepDefinition.objects.filter(optional=False).update(default_assignee=clearer)

    anchor = on_or_before(today)
    cases = list(
        Case.objects.filter(status=CaseStatus.NEW, question__source=QuestionSource.DEMO)
        .select_related("question")
        .order_by("question__date_for_answer", "id")
    )
    # Work in hand (on My work) goes to questions Parliament still awaits; what is closed, and
    # the few overdue, to those already past their date. The rest stay NEW for the PQ team,
    # with the questions the seeders after this one add.
    # A possible duplicate is picked last, so that it stays NEW for the New queue to show as one.
    flagged = set(NearDuplicate.objects.values_list("question_id", flat=True))
    pools = {
        "upcoming": sorted(
            (c for c in cases if _due(c) >= anchor), key=lambda c: c.question_id in flagged
        ),
        "past": sorted(
            (c for c in cases if _due(c) < anchor),
            key=lambda c: (c.question_id in flagged, -_due(c).toordinal(), c.pk),
        ),
    }
    cast = _Cast(pq_team, drafter, clearer, colleague, send, funding)
    stages: tuple[tuple[Callable[[Case], None], str], ...] = (
        (cast.drafting, "upcoming"),
        (cast.returned_then_resent, "upcoming"),
        (cast.cleared, "upcoming"),
        (cast.accepted, "upcoming"),
        (cast.at_special_adviser, "upcoming"),
        (cast.offered, "upcoming"),
        (cast.drafting_late, "past"),
        (cast.rejected, "past"),
        (cast.submitted, "past"),
        # The oldest: the public record shows it with a holding answer.
        (cast.holding, "past"),
    )
    # (Transferred out needs no stage: the demo record moves a question to another department,
    # and the importer closes its case, see services.follow_record.)
    for stage, pool in stages:
        chosen = pools[pool] or pools["past" if pool == "upcoming" else "upcoming"]
        if chosen:
            stage(chosen.pop(0))
    _answered(send, drafter, clearer, pq_team)
    date_deadlines(today)
    counts: dict[str, int] = {}
    for status in Case.objects.values_list("status", flat=True):
        counts[status] = counts.get(status, 0) + 1
    return counts


def _due(case: Case) -> datetime.date:
    return case.question.date_for_answer or datetime.date.min


# Internal deadlines of the open demo cases, in working days from today, by stage: the drafter
# and the clearer meet work due today, tomorrow and later this week, and a late one or two (the
# PQ team's rejection to reassign, a draft waiting for figures). Where a stage has two cases, the
# second takes the second offset.
_DEADLINE_OFFSETS: dict[str, tuple[int, ...]] = {
    CaseStatus.COMMISSIONED: (2,),
    CaseStatus.ACCEPTED: (1,),
    CaseStatus.DRAFTING: (0, -1),
    CaseStatus.IN_CLEARANCE: (0, 1),
    CaseStatus.CLEARED: (0,),
    CaseStatus.REJECTED: (-1,),
    CaseStatus.HOLDING: (3,),
}


def date_deadlines(today: datetime.date) -> int:
    """Set the open demo cases' internal deadlines relative to ``today`` (a working day; on a
    weekend, the one before, as the demo questions' dates are). Never later than Parliament's
    date for answer, unless the case is meant to be late. Safe to run every start: the same day
    gives the same dates. Returns how many cases changed."""
    anchor = on_or_before(today)
    changed = 0
    seen: dict[str, int] = {}
    cases = (
        Case.objects.filter(
            question__source=QuestionSource.DEMO, status__in=list(_DEADLINE_OFFSETS)
        )
        .select_related("question")
        .order_by("status", "delay_reason", "id")
    )
    for case in cases:
        offsets = _DEADLINE_OFFSETS[case.status]
        offset = offsets[min(seen.get(case.status, 0), len(offsets) - 1)]
        seen[case.status] = seen.get(case.status, 0) + 1
        deadline = add_working_days(anchor, offset)
        due = case.question.date_for_answer
        if offset >= 0 and due is not None and due >= anchor:
            deadline = min(deadline, due)
        if case.internal_deadline != deadline:
            Case.objects.filter(pk=case.pk).update(internal_deadline=deadline)
            changed += 1
    return changed


@dataclass
class _Cast:
    pq_team: Any
    drafter: Any
    clearer: Any
    colleague: Any
    send: PolicyTeam
    funding: PolicyTeam

    def offered(self, case: Case, team: PolicyTeam | None = None) -> None:
        people = [self.drafter, self.colleague] if team is None else [self.colleague]
        services.commission(
            case=case, actor=self.pq_team, team=team or self.send, candidates=people
        )
        case.refresh_from_db()

    def accepted(self, case: Case) -> None:
        services.commission(
            case=case, actor=self.pq_team, team=self.send, candidates=[self.drafter]
        )
        services.accept(case=case, actor=self.drafter)
        case.refresh_from_db()

    def drafting(self, case: Case, versions: int = 2) -> None:
        self.accepted(case)
        services.start_drafting(case=case, actor=self.drafter)
        for answer, note in DRAFTS[:versions]:
            _save(case, self.drafter, answer, note)
        _comment(case, self.drafter, "Analysts have confirmed the 2023 figure.")

    def drafting_late(self, case: Case) -> None:
        """Past its internal deadline: the PQ team has recorded why."""
        self.drafting(case, 1)
        services.set_delay_reason(
            case=case,
            actor=self.pq_team,
            reason=DelayReason.DATA,
            note="Analysts publish the 2026 figures on Thursday.",
        )

    def returned_then_resent(self, case: Case) -> None:
        self.drafting(case, 1)
        services.send_to_clearance(case=case, actor=self.drafter)
        step = services.current_step(case)
        assert step is not None
        services.return_step(
            step=step,
            actor=self.clearer,
            comment="Give the 2023 figure, not only where it is published.",
        )
        case.refresh_from_db()
        _save(case, self.drafter, *DRAFTS[1])
        services.send_to_clearance(case=case, actor=self.drafter)

    def at_special_adviser(self, case: Case) -> None:
        self.drafting(case, 2)
        services.send_to_clearance(case=case, actor=self.drafter)
        step = services.current_step(case)
        assert step is not None
        services.approve_step(step=step, actor=self.clearer, comment="Content.")

    def cleared(self, case: Case, versions: int = 3) -> None:
        self.drafting(case, versions)
        services.send_to_clearance(case=case, actor=self.drafter)
        _clear_all(case, self.clearer)

    def submitted(self, case: Case) -> None:
        self.cleared(case)
        services.submit(case=case, actor=self.pq_team)

    def holding(self, case: Case) -> None:
        self.cleared(case, 1)
        services.submit(case=case, actor=self.pq_team, answer_type=AnswerType.HOLDING)

    def rejected(self, case: Case) -> None:
        self.offered(case, team=self.funding)
        services.reject(
            case=case,
            actor=self.colleague,
            reason_code=RejectReason.OTHER_DIVISION,
            reason_text="SEND Reform division answers EHCP timeliness.",
        )


def _answered(send: PolicyTeam, drafter: Any, clearer: Any, pq_team: Any) -> None:
    """An answered demo question whose case ran the whole course before its answer was
    published, so the case page shows the published answer against the cleared draft."""
    question = (
        WrittenQuestion.objects.for_department()
        .filter(source=QuestionSource.DEMO, status="answered", case__isnull=True)
        .order_by("-date_answered")
        .first()
    )
    if question is None:
        return
    now = timezone.now()
    case = Case.objects.create(question=question, status=CaseStatus.NEW, status_since=now)
    services.commission(case=case, actor=pq_team, team=send, candidates=[drafter])
    services.accept(case=case, actor=drafter)
    services.start_drafting(case=case, actor=drafter)
    current = question.current_answer
    text = current.answer_text if current else DRAFTS[0][0]
    _save(case, drafter, text.replace(".", ",", 1) if "." in text else text, DRAFTS[0][1])
    services.send_to_clearance(case=case, actor=drafter)
    _clear_all(case, clearer)
    services.submit(case=case, actor=pq_team)
    services.link_published_answers(question_ids=[question.pk])
