"""The figure check: is every number in a text supported by the figures it cites? (pure functions)

Each statistic in the text (``numbers.extract_numbers``) is matched against the cited figures
and against what can be derived from any two of them: the absolute and percentage change, and
one as a share of the other. Derivations only combine figures of one kind (money with money,
counts with counts, rates with rates: the change between two rates is in percentage points). A
number matches when the figure, rounded as the text rounds it, gives the number, within what the
hedge in front of it allows ("more than £1.5 billion" for £1,627m; "around a quarter" for 25.9%).

Each number is then ``supported`` (by which figure or derivation, the derivation shown),
``mismatched`` (a figure or derivation of its kind is close but does not give it: the one it
should match is named) or ``unsupported`` (nothing cited comes near). A number supported only by
a revised figure is flagged as ``revised``; a figure cited by a draft dated before the figure's
release is flagged as ``unreleased``.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from enum import StrEnum
from itertools import permutations

from pqtracker.evidence.numbers import Hedge, NumberKind, TextNumber, extract_numbers


class Status(StrEnum):
    SUPPORTED = "supported"
    MISMATCHED = "mismatched"
    UNSUPPORTED = "unsupported"
    REVISED = "revised"
    UNRELEASED = "unreleased"


FLAGGED = {Status.MISMATCHED, Status.UNSUPPORTED, Status.REVISED, Status.UNRELEASED}

# How far from the figure a mismatch may be (relative; for percentages, in percentage points) and
# still be named as the one meant: further off, the number is taken to quote something uncited.
MISMATCH_REACH = 0.5
MISMATCH_REACH_POINTS = 10.0
# Rounding may move a count or a sum of money this far (relative) and no further: "£2 billion"
# is not £1.6 billion rounded, though it is £1,627m to one significant figure.
ROUNDING_REACH = 0.05
# How far a fraction in words may be from the figure: "a quarter" for 23-27%.
FRACTION_REACH = 2.0
# How far past the number a "more than" may go before it misleads ("more than £1 billion" for
# £1.9 billion is true but not what a reader takes from it).
HEDGE_REACH = 0.25
FRACTION_HEDGE_REACH = 0.3
ABOUT_REACH = 0.075


@dataclass(frozen=True)
class CitedFigure:
    """What the check needs of a figure: a plain record, so the check never queries."""

    reference: str
    measure: str
    geography: str
    period: str
    period_start: int
    value: float | None
    kind: str  # "count", "money" or "rate" (models.Kind)
    display: str  # the value as published, with its unit: "£6,279m", "473,255", "25.9%"
    release_date: datetime.date | None = None
    revised_by: str = ""  # the reference of the figure that revises this one
    revised_display: str = ""
    base_value: float | None = None  # value in base units (pounds for money)

    @property
    def amount(self) -> float | None:
        return self.base_value if self.base_value is not None else self.value


@dataclass(frozen=True)
class Candidate:
    """A value the text may quote: a figure, or something derived from two."""

    value: float
    kind: NumberKind
    label: str  # "HL446-2021-22" or "change from HL446-2019-20 to HL446-2021-22"
    derivation: str  # shown to the clearer: "£7,906m − £6,279m = £1,627m"
    references: tuple[str, ...]
    derived: bool = False


@dataclass
class NumberResult:
    number: TextNumber
    status: Status
    reason: str
    candidate: Candidate | None = None

    def as_dict(self) -> dict[str, object]:
        data: dict[str, object] = {
            "text": self.number.text,
            "as_written": self.number.as_written,
            "status": str(self.status),
            "reason": self.reason,
        }
        if self.candidate is not None:
            data["figure"] = self.candidate.label
            data["references"] = list(self.candidate.references)
            data["derivation"] = self.candidate.derivation
        return data


@dataclass
class CitationIssue:
    reference: str
    status: Status
    reason: str

    def as_dict(self) -> dict[str, object]:
        return {"text": self.reference, "status": str(self.status), "reason": self.reason}


@dataclass
class CheckResult:
    numbers: list[NumberResult]
    citation_issues: list[CitationIssue] = field(default_factory=list)

    @property
    def flagged(self) -> list[NumberResult | CitationIssue]:
        flagged: list[NumberResult | CitationIssue] = [
            r for r in self.numbers if r.status in FLAGGED
        ]
        return flagged + list(self.citation_issues)

    @property
    def supported(self) -> list[NumberResult]:
        return [r for r in self.numbers if r.status == Status.SUPPORTED]

    @property
    def ok(self) -> bool:
        return not self.flagged

    def as_dict(self) -> dict[str, object]:
        return {
            "ok": self.ok,
            "flagged": [item.as_dict() for item in self.flagged],
            "supported": [r.as_dict() for r in self.supported],
        }


def format_money(pounds: float) -> str:
    sign = "−" if pounds < 0 else ""
    pounds = abs(pounds)
    if pounds >= 1e9:
        return f"{sign}£{pounds / 1e6:,.0f}m (£{pounds / 1e9:,.2f} billion)"
    if pounds >= 1e6:
        return f"{sign}£{pounds / 1e6:,.1f}m"
    return f"{sign}£{pounds:,.0f}"


def format_value(value: float, kind: NumberKind | str) -> str:
    if kind in (NumberKind.MONEY, "money"):
        return format_money(value)
    if kind in (NumberKind.PERCENT, "rate"):
        return f"{value:,.1f}%"
    return f"{value:,.0f}" if value == int(value) else f"{value:,.2f}"


_FIGURE_KIND = {"count": NumberKind.COUNT, "money": NumberKind.MONEY, "rate": NumberKind.PERCENT}


def candidates_for(figures: list[CitedFigure]) -> list[Candidate]:
    """The figures themselves, then every derivation between two of one kind."""
    usable = [f for f in figures if f.amount is not None]
    found = [
        Candidate(
            value=f.amount,  # type: ignore[arg-type]
            kind=_FIGURE_KIND[f.kind],
            label=f.reference,
            derivation=f"{f.reference}: {f.display} ({f.measure}, {f.geography}, {f.period})",
            references=(f.reference,),
        )
        for f in usable
    ]
    for a, b in permutations(usable, 2):
        if a.kind != b.kind:
            continue
        found.extend(_derived(a, b))
    return found


def _derived(a: CitedFigure, b: CitedFigure) -> list[Candidate]:
    """From ``a`` to ``b``: each ordered pair is seen once (permutations gives both orders)."""
    x, y = float(a.amount), float(b.amount)  # type: ignore[arg-type]
    kind = _FIGURE_KIND[a.kind]
    refs = (a.reference, b.reference)
    found: list[Candidate] = []
    later = (b.period_start, b.period) > (a.period_start, a.period)
    # A change is of one thing in one place: a rate only against itself (46% then 10% of
    # different things is no change of anything), money and counts within one area.
    comparable = a.geography == b.geography and (a.kind != "rate" or a.measure == b.measure)
    if comparable and (later or (b.period == a.period and a.reference < b.reference)):
        change = y - x
        if a.kind == "rate":
            found.append(
                Candidate(
                    abs(change),
                    NumberKind.PERCENT,
                    f"change in percentage points from {a.reference} to {b.reference}",
                    f"{b.display} − {a.display} = {change:+.1f} percentage points",
                    refs,
                    derived=True,
                )
            )
        else:
            found.append(
                Candidate(
                    abs(change),
                    kind,
                    f"change from {a.reference} to {b.reference}",
                    f"{b.display} − {a.display} = {format_value(change, kind)}",
                    refs,
                    derived=True,
                )
            )
        if x:
            pct = (y - x) / x * 100
            found.append(
                Candidate(
                    abs(pct),
                    NumberKind.PERCENT,
                    f"percentage change from {a.reference} to {b.reference}",
                    f"({b.display} − {a.display}) ÷ {a.display} = {pct:+.1f}%",
                    refs,
                    derived=True,
                )
            )
    # A share is of one period: last year's figure as a share of this year's is no share.
    if a.kind != "rate" and a.period == b.period and 0 < x < y:
        share = x / y * 100
        found.append(
            Candidate(
                share,
                NumberKind.PERCENT,
                f"{a.reference} as a share of {b.reference}",
                f"{a.display} ÷ {b.display} = {share:.1f}%",
                refs,
                derived=True,
            )
        )
    return found


def matches(number: TextNumber, actual: float) -> bool:
    """Does ``actual`` (the figure) give ``number`` as written, rounding and hedge included?"""
    shown = number.value
    # Every hedge and rounding allows at most a quarter of the number, or its rounding step.
    if abs(actual - shown) > 0.3 * abs(shown) + number.step + FRACTION_REACH * number.is_fraction:
        return False
    if number.is_fraction:
        near = abs(actual - shown) <= FRACTION_REACH
        reach = FRACTION_REACH
    else:
        tolerance = number.step / 2 + 1e-9 * max(abs(shown), 1)
        near = abs(actual - shown) <= tolerance
        if near and number.kind != NumberKind.PERCENT and actual:
            near = abs(actual - shown) <= ROUNDING_REACH * abs(actual) + 1e-9
        reach = number.step
    hedge = number.hedge
    # Fractions in words are coarse: "over a third" is said of 41.7% (PQ 73735).
    above = FRACTION_HEDGE_REACH if number.is_fraction else HEDGE_REACH
    if hedge == Hedge.EXACT:
        return near
    if hedge == Hedge.ABOVE:
        return shown < actual <= shown + max(reach, above * abs(shown))
    if hedge == Hedge.AT_LEAST:
        return shown <= actual <= shown + max(reach, above * abs(shown))
    if hedge == Hedge.BELOW:
        return shown - max(reach, 0.1 * abs(shown)) <= actual < shown
    if hedge in (Hedge.AT_MOST, Hedge.LESS_THAN):
        upper_ok = actual <= shown if hedge == Hedge.AT_MOST else actual < shown
        return upper_ok and actual >= shown - max(reach, HEDGE_REACH * abs(shown))
    # ABOUT
    return near or abs(actual - shown) <= max(reach, ABOUT_REACH * abs(shown))


def _distance(number: TextNumber, candidate: Candidate) -> float:
    base = max(abs(candidate.value), 1e-9)
    return abs(number.value - candidate.value) / base


def check_number(
    number: TextNumber, candidates: list[Candidate], revised: dict[str, CitedFigure]
) -> NumberResult:
    same_kind = [c for c in candidates if c.kind == number.kind]
    supporting = [c for c in same_kind if matches(number, c.value)]
    if supporting:
        # A figure itself before a derivation; then the closest; a current figure before a
        # revised one.
        supporting.sort(
            key=lambda c: (
                any(r in revised for r in c.references),
                c.derived,
                _distance(number, c),
            )
        )
        best = supporting[0]
        stale = [revised[r] for r in best.references if r in revised]
        if stale:
            notes = "; ".join(
                f"{f.reference} ({f.display}) was revised by {f.revised_by} ({f.revised_display})"
                for f in stale
            )
            return NumberResult(
                number, Status.REVISED, f"Supported by {best.label}, but {notes}.", best
            )
        return NumberResult(number, Status.SUPPORTED, f"{best.derivation}", best)
    nearest = min(same_kind, key=lambda c: _distance(number, c), default=None)
    if nearest is not None and (
        abs(number.value - nearest.value) <= MISMATCH_REACH_POINTS
        if number.kind == NumberKind.PERCENT
        else _distance(number, nearest) <= MISMATCH_REACH
    ):
        return NumberResult(
            number,
            Status.MISMATCHED,
            f"“{number.as_written}” does not match {nearest.label}: {nearest.derivation}.",
            nearest,
        )
    what = {
        NumberKind.MONEY: "sum of money",
        NumberKind.COUNT: "count",
        NumberKind.PERCENT: "percentage",
    }[number.kind]
    return NumberResult(
        number,
        Status.UNSUPPORTED,
        f"No cited figure, and no change or share between two cited figures, gives this {what}.",
    )


def check_text(
    text: str, figures: list[CitedFigure], *, draft_date: datetime.date | None = None
) -> CheckResult:
    """Check every number in ``text`` against ``figures`` (the figures the text cites)."""
    candidates = candidates_for(figures)
    revised = {f.reference: f for f in figures if f.revised_by}
    results = [check_number(n, candidates, revised) for n in extract_numbers(text)]
    issues = citation_issues(figures, draft_date=draft_date, results=results)
    return CheckResult(numbers=results, citation_issues=issues)


def citation_issues(
    figures: list[CitedFigure],
    *,
    draft_date: datetime.date | None,
    results: list[NumberResult] = (),  # type: ignore[assignment]
) -> list[CitationIssue]:
    """Cited figures a clearer must hear about whatever the text says of them."""
    issues = []
    already = {
        ref
        for r in results
        if r.status == Status.REVISED and r.candidate
        for ref in r.candidate.references
    }
    for f in figures:
        if f.revised_by and f.reference not in already:
            issues.append(
                CitationIssue(
                    f.reference,
                    Status.REVISED,
                    f"{f.reference} ({f.display}) was revised by {f.revised_by} "
                    f"({f.revised_display}): cite the newer figure.",
                )
            )
        if draft_date and f.release_date and draft_date < f.release_date:
            issues.append(
                CitationIssue(
                    f.reference,
                    Status.UNRELEASED,
                    f"{f.reference} was released on {f.release_date:%-d %B %Y}, after this draft "
                    f"({draft_date:%-d %B %Y}): it was not public when the draft was written.",
                )
            )
    return issues
