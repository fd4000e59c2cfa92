"""Demo: two drafts that cite the evidence demo's high needs funding figures, for the demo
drafter. One passes the figure check (the funding sentence corrected); the other is the 87924
funding sentence as drafted, flagged on both counts ("more than £2 billion", "one third").

``seed_demo`` runs it last: after the evidence demo has loaded its figures, and after the
deadlines demo has added the new questions it takes two of. Safe to run again: it does
nothing once a demo case cites them, or before the answers demo's teams exist.
"""

from __future__ import annotations

import datetime

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Case as When_
from django.db.models import IntegerField, Q, Value, When

from pqtracker.accounts.models import User
from pqtracker.answers import demo, services
from pqtracker.answers.models import Case, CaseStatus, PolicyTeam
from pqtracker.evidence import demo as evidence_demo
from pqtracker.evidence.models import Citation, Figure
from pqtracker.parliament.models import QuestionSource
from pqtracker.search.models import NearDuplicate

NOTE = (
    "Figures: high needs allocations from the DSG allocations tables, 2019-20 and 2021-22 "
    "(sources 1 and 2 beside the draft)."
)


def is_seeded() -> bool:
    return Citation.objects.filter(
        content_type=ContentType.objects.get_for_model(Case),
        figure__reference__in=evidence_demo.CITED,
    ).exists()


@transaction.atomic
def seed(today: datetime.date | None = None) -> list[Case]:
    """Returns the two cases drafted (none when already seeded or nothing to draft on)."""
    if is_seeded() or not demo.is_seeded():
        return []
    figures = {f.reference: f for f in Figure.objects.filter(reference__in=evidence_demo.CITED)}
    drafter = User.objects.filter(username="drafter").first()
    pq_team = User.objects.filter(username="pq_team").first()
    team = PolicyTeam.objects.filter(name=demo.SEND_TEAM).first()
    if len(figures) < len(evidence_demo.CITED) or not (drafter and pq_team and team):
        return []
    # New questions the PQ team's queue can spare: never one flagged as a possible duplicate
    # (the New queue shows those), Commons before Lords, funding questions first, latest due.
    flagged = NearDuplicate.objects.values("question_id")
    cases = list(
        Case.objects.filter(status=CaseStatus.NEW, question__source=QuestionSource.DEMO)
        .exclude(question_id__in=flagged)
        .annotate(
            funding=When_(
                When(
                    Q(question__question_text__icontains="high needs")
                    | Q(question__question_text__icontains="funding"),
                    then=Value(0),
                ),
                default=Value(1),
                output_field=IntegerField(),
            )
        )
        .order_by("question__house", "funding", "-question__date_for_answer", "id")[:2]
    )
    for case, text in zip(
        cases, (evidence_demo.DRAFT_PASSING, evidence_demo.DRAFT_FLAGGED), strict=False
    ):
        services.commission(case=case, actor=pq_team, team=team, candidates=[drafter])
        services.accept(case=case, actor=drafter)
        services.start_drafting(case=case, actor=drafter)
        case.refresh_from_db()
        demo._save(case, drafter, text, NOTE)
        for reference in evidence_demo.CITED:
            services.cite_figure(case=case, actor=drafter, figure=figures[reference])
    return cases
