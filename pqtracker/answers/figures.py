"""The evidence capability inside the answering workflow: a case's numbered sources, the
figures derived from them, and the figure check of its draft with the flags people accepted.

Citations point at the **case** (``evidence.Citation``'s generic target), not at a draft
version: every save is a new version, and a citation made while drafting must survive the next
keystroke. The check always runs against the case's citations and one text: the latest saved
version's answer (clearance, the case page, the Word pack, the guard) or the text in the editor
as it is typed. Reads only; the writes are in ``answers.services.figures``.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.utils import timezone

from pqtracker.answers.models import (
    Case,
    ClearanceRoleKind,
    ClearanceStep,
    ClearanceStepState,
    DraftVersion,
    FigureAcceptance,
)
from pqtracker.evidence import lookup
from pqtracker.evidence.figure_check import (
    Candidate,
    CheckResult,
    CitationIssue,
    NumberResult,
    candidates_for,
)
from pqtracker.evidence.models import Citation, Figure


@dataclass(frozen=True)
class Source:
    """A numbered source under the draft: [1] its figure, as published, and where from."""

    number: int
    citation: Citation
    figure: Figure
    shown: str
    base_shown: str = ""  # a derived citation's earlier figure, as published


@dataclass(frozen=True)
class Flag:
    """A flagged number (or cited figure) and, when someone let it stand, their acceptance."""

    text: str  # the number as written without its hedge, or a figure's reference
    as_written: str
    status: str
    reason: str
    candidate: Candidate | None
    acceptance: FigureAcceptance | None = None

    @property
    def accepted(self) -> bool:
        return self.acceptance is not None

    @property
    def key(self) -> str:
        return f"{self.status}:{self.text}"


@dataclass
class CaseCheck:
    """The figure check of one text of a case, with the acceptances of its version."""

    result: CheckResult
    version_number: int
    flags: list[Flag] = field(default_factory=list)

    @property
    def supported(self) -> list[NumberResult]:
        return self.result.supported

    @property
    def open_flags(self) -> list[Flag]:
        return [f for f in self.flags if not f.accepted]

    @property
    def ok(self) -> bool:
        return not self.open_flags

    @property
    def checked_anything(self) -> bool:
        return bool(self.result.numbers or self.flags)


def case_citations(case: Case) -> list[Citation]:
    return list(
        Citation.objects.filter(
            content_type=ContentType.objects.get_for_model(Case), object_id=case.pk
        )
        .select_related(
            "figure__publication",
            "figure__revised_by",
            "base_figure__publication",
            "base_figure__revised_by",
        )
        .order_by("position", "pk")
    )


def sources(case: Case, citations: list[Citation] | None = None) -> list[Source]:
    """The case's citations as numbered sources, in the order they were made."""
    found = citations if citations is not None else case_citations(case)
    return [
        Source(
            number=i,
            citation=c,
            figure=c.figure,
            shown=lookup.display_value(c.figure.value, c.figure.unit, c.figure.marker),
            base_shown=lookup.display_value(
                c.base_figure.value, c.base_figure.unit, c.base_figure.marker
            )
            if c.base_figure is not None
            else "",
        )
        for i, c in enumerate(found, start=1)
    ]


def cited_figures(citations: list[Citation]) -> list[Figure]:
    """Every figure the citations name, a derived citation's earlier figure included."""
    figures: dict[int, Figure] = {}
    for c in citations:
        if c.base_figure is not None:
            figures.setdefault(c.base_figure.pk, c.base_figure)
        figures.setdefault(c.figure.pk, c.figure)
    return list(figures.values())


@dataclass(frozen=True)
class DerivedFigure:
    label: str  # "Change from [1] to [2]"
    derivation: str  # "£7,906m − £6,279m = £1,627m (£1.63 billion)"
    references: tuple[str, ...]


def derived(citations: list[Citation]) -> list[DerivedFigure]:
    """The changes (absolute and per cent) between any two cited figures of one kind, of one
    thing in one place, each with its derivation: what the check also accepts a number as.
    Sources are named by their number ([1]); a derived citation's earlier figure, which has no
    number of its own, by its reference."""
    numbers = {c.figure.reference: i for i, c in enumerate(citations, start=1)}
    figures = [lookup.cited_figure(f) for f in cited_figures(citations)]
    found = []
    for candidate in candidates_for(figures):
        if not candidate.derived or "change" not in candidate.label:
            continue
        what = candidate.label.split(" from ")[0]
        first, second = (f"[{numbers[r]}]" if r in numbers else r for r in candidate.references[:2])
        found.append(
            DerivedFigure(
                label=f"{what[:1].upper()}{what[1:]} from {first} to {second}",
                derivation=candidate.derivation,
                references=candidate.references,
            )
        )
    return found


def draft_date(version: DraftVersion | None) -> datetime.date:
    """The date a figure's release is compared with: the version's, or today for typed text."""
    return timezone.localtime(version.created_at).date() if version else timezone.localdate()


def latest(case: Case) -> DraftVersion | None:
    return case.versions.order_by("-number").first()


def check_case(
    case: Case,
    *,
    text: str | None = None,
    citations: list[Citation] | None = None,
    version: DraftVersion | None = None,
) -> CaseCheck:
    """The check of ``text`` (by default the latest version's answer) against the case's
    citations, with the acceptances recorded for the latest version.

    The draft's date, against which a figure's release date is compared, is the version's
    (today's for text being typed)."""
    if text is None:
        version = version or latest(case)
        text = version.answer_text if version else ""
    found = citations if citations is not None else case_citations(case)
    result = lookup.check(text, cited_figures(found), draft_date=draft_date(version))
    number = version.number if version else case.latest_version
    accepted = {
        (a.text, a.status): a
        for a in FigureAcceptance.objects.filter(case=case, version_number=number).select_related(
            "accepted_by"
        )
    }
    flags = [_flag(item, accepted) for item in result.flagged]
    return CaseCheck(result=result, version_number=number, flags=flags)


def _flag(
    item: NumberResult | CitationIssue, accepted: dict[tuple[str, str], FigureAcceptance]
) -> Flag:
    if isinstance(item, NumberResult):
        text, as_written, candidate = item.number.text, item.number.as_written, item.candidate
    else:
        text, as_written, candidate = item.reference, item.reference, None
    status = str(item.status)
    return Flag(
        text=text,
        as_written=as_written,
        status=status,
        reason=item.reason,
        candidate=candidate,
        acceptance=accepted.get((text, status)),
    )


# A sentence ends at a full stop (or ! or ?) before a space or the end, or at a line's end: the
# point in "£7.9 billion" ends nothing.
_SENTENCE_END = re.compile(r"[.!?](?=\s|$)|\n")


def quoting_sentence(text: str, figure: Figure) -> str:
    """The sentence of ``text`` that quotes ``figure`` (a number the figure alone supports), or
    "": what a new citation records as its wording."""
    result = lookup.check(text, [figure])
    for item in result.numbers:
        if str(item.status) == "supported":
            start = max(
                (m.end() for m in _SENTENCE_END.finditer(text, 0, item.number.start)), default=0
            )
            end = next((m.end() for m in _SENTENCE_END.finditer(text, item.number.end)), len(text))
            return text[start:end].strip()[:500]
    return ""


# --- Sending to the Minister --------------------------------------------------------------------


def sends_to_minister(step: ClearanceStep) -> bool:
    """Does approving ``step`` put the draft before the Minister?

    Yes when the round's next pending step is the Minister's. A round without a Minister's step
    ends at its last approval, which clears the answer for submission in the Minister's name: so
    that approval counts as sending it too."""
    steps = list(
        ClearanceStep.objects.filter(case_id=step.case_id, round=step.round).order_by("order")
    )
    following = [s for s in steps if s.order > step.order and s.state == ClearanceStepState.PENDING]
    if following:
        return following[0].role_kind == ClearanceRoleKind.MINISTER
    return not any(s.role_kind == ClearanceRoleKind.MINISTER for s in steps)


def require_figures_cleared(case: Case) -> None:
    """Refuse (ValidationError on ``figures``) while any flag of the latest version is neither
    fixed nor accepted with a reason."""
    check = check_case(case)
    if check.ok:
        return
    listed = "; ".join(f"“{f.as_written}” ({f.status})" for f in check.open_flags)
    count = len(check.open_flags)
    raise ValidationError(
        {
            "figures": (
                f"The draft cannot go to the Minister while the figure check flags "
                f"{count} number{'s' if count != 1 else ''} in version {check.version_number}: "
                f"{listed}. Return the draft to correct "
                f"{'them' if count != 1 else 'it'}, or accept each with a reason."
            )
        }
    )
