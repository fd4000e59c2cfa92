"""Statistics from the answering workflow (the answers app's cases), beside those from the record.

- **On time by team**: the record's on-time rule (``statistics``), grouped by the policy team the
  case was commissioned to; only questions answered inside PQ Tracker have one.
- **Time in each stage**: the spells the workflow records as a case changes status
  (``answers.StageTime``), finished ones only, as an average in days.
- **Delay reasons**: the reason the PQ team records on a late case, counted overall, by month of
  tabling and by answering minister.

Each is one grouped query over the cases (a few thousand a year), never over the record's
million questions.
"""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Count, DurationField, ExpressionWrapper, F, Q, Sum
from django.db.models.functions import Coalesce, ExtractMonth, ExtractYear

from pqtracker.answers.models import Case, CaseStatus, DelayReason, StageTime
from pqtracker.deadlines.statistics import OPEN, Row, Tally

# The workflow's stages in the order a case passes through them.
STAGE_ORDER = [
    CaseStatus.NEW,
    CaseStatus.COMMISSIONED,
    CaseStatus.REJECTED,
    CaseStatus.ACCEPTED,
    CaseStatus.DRAFTING,
    CaseStatus.IN_CLEARANCE,
    CaseStatus.CLEARED,
    CaseStatus.HOLDING,
    CaseStatus.SUBMITTED,
]
NO_TEAM = "No team"
NO_MINISTER = "No minister"
DAY_SECONDS = 86_400


def on_time_by_team(*, today: datetime.date) -> list[Row]:
    """The record's on-time count for questions with a case, by the case's policy team: answered
    ones, and open ones past their on-time date (they can only be late)."""
    counts = Q(question__answered_on_time__isnull=False) | Q(
        question__status__in=OPEN, question__on_time_by__lt=today
    )
    counts &= Q(question__is_withdrawn=False)
    # The conditions inside the counts, none in WHERE: SQLite then reads the cases and looks up
    # each one's question, rather than reading every question to find those with a case.
    counted = (
        Case.objects.values("policy_team__name")
        .annotate(
            counted=Count("id", filter=counts),
            on_time=Count("id", filter=counts & Q(question__answered_on_time=True)),
            answered=Count("question__answer_working_days", filter=counts),
            working_days=Coalesce(Sum("question__answer_working_days", filter=counts), 0),
        )
        .order_by()
    )
    rows = [
        Row(
            row["policy_team__name"] or "",
            row["policy_team__name"] or NO_TEAM,
            Tally(row["counted"], row["on_time"], row["answered"], row["working_days"]),
        )
        for row in counted
        if row["counted"]
    ]
    return sorted(rows, key=lambda r: (-r.tally.counted, r.label))


@dataclass(frozen=True)
class StageRow:
    key: str
    label: str
    spells: int  # finished spells in the stage
    average_days: float | None
    now: int  # cases in the stage now


def time_in_stages() -> list[StageRow]:
    """Each stage's finished spells (how many, and their average length in days) and the cases
    in it now; a spell still open is not yet a length. Two grouped queries of the stage times."""
    spell = ExpressionWrapper(F("left_at") - F("entered_at"), output_field=DurationField())
    finished = {
        row["status"]: row
        for row in StageTime.objects.filter(left_at__isnull=False)
        .values("status")
        .annotate(spells=Count("id"), total=Sum(spell))
        .order_by()
    }
    now = Counter(
        dict(
            StageTime.objects.filter(left_at__isnull=True)
            .values_list("status")
            .annotate(n=Count("id"))
            .values_list("status", "n")
        )
    )
    rows = []
    for stage in STAGE_ORDER:
        done = finished.get(stage.value)
        if done is None and not now[stage]:
            continue
        average = None
        if done is not None and done["spells"]:
            average = round(done["total"].total_seconds() / DAY_SECONDS / done["spells"], 1)
        rows.append(
            StageRow(
                key=stage.value,
                label=stage.label,
                spells=done["spells"] if done else 0,
                average_days=average,
                now=now[stage],
            )
        )
    return rows


@dataclass(frozen=True)
class DelayTable:
    """Delay reasons counted by some grouping: ``rows`` of (label, counts by reason, total)."""

    group_label: str
    reasons: list[tuple[str, str]]  # (value, label) of the reasons that occur
    rows: list[tuple[str, list[int], int]]

    @property
    def totals(self) -> list[int]:
        return [sum(row[1][i] for row in self.rows) for i in range(len(self.reasons))]


@dataclass(frozen=True)
class Delays:
    total: int
    by_reason: list[tuple[str, str, int]]  # (value, label, count), most frequent first
    by_month: DelayTable
    by_minister: DelayTable


def delay_reasons() -> Delays:
    """Cases with a delay reason recorded, by reason, by month tabled and by answering minister
    (the case's; the record's once answered). One grouped query."""
    grouped = list(
        Case.objects.exclude(delay_reason="")
        .annotate(
            year=ExtractYear("question__date_tabled"), month=ExtractMonth("question__date_tabled")
        )
        .values(
            "delay_reason",
            "year",
            "month",
            "answering_minister__name_display",
            "question__answering_member__name_display",
        )
        .annotate(n=Count("id"))
        .order_by()
    )
    labels = dict(DelayReason.choices)
    by_reason: Counter[str] = Counter()
    months: dict[datetime.date, Counter[str]] = defaultdict(Counter)
    ministers: dict[str, Counter[str]] = defaultdict(Counter)
    for row in grouped:
        reason, n = row["delay_reason"], row["n"]
        by_reason[reason] += n
        months[datetime.date(int(row["year"]), int(row["month"]), 1)][reason] += n
        minister = (
            row["answering_minister__name_display"]
            or row["question__answering_member__name_display"]
            or NO_MINISTER
        )
        ministers[minister][reason] += n
    reasons = [(value, labels.get(value, value)) for value, _ in by_reason.most_common()]
    return Delays(
        total=sum(by_reason.values()),
        by_reason=[(value, label, by_reason[value]) for value, label in reasons],
        by_month=_table(
            "Month tabled", reasons, ((f"{m:%b %Y}", months[m]) for m in sorted(months))
        ),
        by_minister=_table(
            "Minister",
            reasons,
            sorted(ministers.items(), key=lambda item: (-sum(item[1].values()), item[0])),
        ),
    )


def _table(
    group_label: str, reasons: list[tuple[str, str]], groups: Iterable[tuple[str, Counter[str]]]
) -> DelayTable:
    rows = [
        (label, [counts[value] for value, _ in reasons], sum(counts.values()))
        for label, counts in groups
    ]
    return DelayTable(group_label=group_label, reasons=reasons, rows=rows)
