"""The Word clearance pack: one .docx a clearer can read, annotate and print.

``pack_for`` gathers what the pack says from the database into a plain ``ClearancePack``;
``render_docx`` turns that into bytes with python-docx and reads nothing else, so the layout is
tested on plain records and the gathering on the models.
"""

from __future__ import annotations

import datetime
import io
import re
from dataclasses import dataclass, field

from django.utils import timezone
from docx import Document
from docx.document import Document as DocxDocument
from docx.shared import Pt

from pqtracker.answers import figures
from pqtracker.answers.models import Case, ClearanceStep, DraftVersion
from pqtracker.parliament.models import QuestionStatus

# Characters XML 1.0 cannot hold (python-docx refuses them): a stray control character pasted
# into a draft must not make the pack fail to build.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _xml_safe(text: str) -> str:
    return _NOT_XML.sub("", text)


@dataclass(frozen=True)
class Citation:
    text: str
    source: str


@dataclass(frozen=True)
class CheckLine:
    """One number of the figure check: its status and why (accepted flags with their reason)."""

    status: str  # "supported", "mismatched", ..., or "accepted (mismatched)"
    text: str
    reason: str


@dataclass(frozen=True)
class ReferredAnswer:
    uin: str
    answered_on: datetime.date | None
    answer_text: str


@dataclass(frozen=True)
class TrailEntry:
    round: int
    step: str
    state: str
    who: str
    when: datetime.datetime | None
    comment: str


@dataclass(frozen=True)
class ClearancePack:
    title: str
    reference: str  # "House of Commons written question 87924"
    member: str
    question_text: str
    date_tabled: datetime.date
    date_for_answer: datetime.date | None
    internal_deadline: datetime.date | None
    named_day: bool
    policy_team: str
    action_officer: str
    answering_minister: str
    answer_type: str
    version: int | None
    answer_text: str
    background_note: str
    citations: list[Citation] = field(default_factory=list)
    # The figure check of the pack's version (empty when the draft has no numbers), and how many
    # of its flags nobody has accepted.
    figure_check: list[CheckLine] = field(default_factory=list)
    figure_check_open: int = 0
    referred: list[ReferredAnswer] = field(default_factory=list)
    trail: list[TrailEntry] = field(default_factory=list)
    generated_at: datetime.datetime | None = None


def _day(value: datetime.date | None) -> str:
    return f"{value.day} {value:%B %Y}" if value else "Not set"


def _paragraphs(document: DocxDocument, text: str, empty: str) -> None:
    """Each line of a person's text as its own paragraph; a placeholder when there is none."""
    lines = _xml_safe(text).split("\n") if text.strip() else []
    if not lines:
        document.add_paragraph(empty).runs[0].italic = True
        return
    for line in lines:
        document.add_paragraph(line)


def render_docx(pack: ClearancePack) -> bytes:
    document = Document()
    document.styles["Normal"].font.name = "Arial"
    document.styles["Normal"].font.size = Pt(12)
    document.add_heading(_xml_safe(f"Clearance pack: {pack.title}"), level=0)
    document.add_paragraph(_xml_safe(pack.reference))

    table = document.add_table(rows=0, cols=2)
    table.style = "Table Grid"
    for label, value in (
        ("Member", pack.member),
        ("Tabled", _day(pack.date_tabled)),
        ("Due for answer", _day(pack.date_for_answer) + (" (named day)" if pack.named_day else "")),
        ("Internal deadline", _day(pack.internal_deadline)),
        ("Policy team", pack.policy_team or "Not set"),
        ("Action officer", pack.action_officer or "Not set"),
        ("Answering minister", pack.answering_minister or "Not set"),
        ("Answer type", pack.answer_type),
        ("Draft version", str(pack.version) if pack.version else "No draft yet"),
    ):
        cells = table.add_row().cells
        cells[0].text = label
        cells[1].text = _xml_safe(value)

    document.add_heading("Question", level=1)
    _paragraphs(document, pack.question_text, "No question text.")
    document.add_heading("Draft answer", level=1)
    _paragraphs(document, pack.answer_text, "No draft answer yet.")
    document.add_heading("Background note (not for publication)", level=1)
    _paragraphs(document, pack.background_note, "No background note.")

    document.add_heading("Citations", level=1)
    if not pack.citations:
        document.add_paragraph("No citations recorded.").runs[0].italic = True
    for citation in pack.citations:
        # Numbered in the text ("[1] ..."), as the editor and the question page number them.
        document.add_paragraph(_xml_safe(f"{citation.text} (source: {citation.source})"))

    document.add_heading("Figure check", level=1)
    if not pack.figure_check:
        document.add_paragraph("No numbers to check.").runs[0].italic = True
    elif pack.figure_check_open:
        document.add_paragraph(
            f"{pack.figure_check_open} flagged and not accepted: the draft cannot go to the "
            "Minister until each is corrected or accepted with a reason."
        )
    else:
        document.add_paragraph("Passed: every number is supported or accepted with a reason.")
    for checked in pack.figure_check:
        bullet = document.add_paragraph(style="List Bullet")
        bullet.add_run(_xml_safe(checked.text)).bold = True
        bullet.add_run(_xml_safe(f" ({checked.status}): {checked.reason}"))

    document.add_heading("Earlier answers referred to", level=1)
    if not pack.referred:
        document.add_paragraph("None.").runs[0].italic = True
    for referred in pack.referred:
        document.add_paragraph(
            _xml_safe(f"Question {referred.uin}, answered {_day(referred.answered_on)}"),
            style="List Bullet",
        )
        _paragraphs(document, referred.answer_text, "No answer text.")

    document.add_heading("Clearance so far", level=1)
    if not pack.trail:
        document.add_paragraph("Not yet sent to clearance.").runs[0].italic = True
    for entry in pack.trail:
        when = timezone.localtime(entry.when).strftime("%d %B %Y %H:%M") if entry.when else ""
        line = f"Round {entry.round}, {entry.step}: {entry.state}"
        if entry.who:
            line += f" by {entry.who}"
        if when:
            line += f" on {when}"
        paragraph = document.add_paragraph(_xml_safe(line), style="List Bullet")
        if entry.comment:
            paragraph.add_run(_xml_safe(f" – “{entry.comment}”"))

    if pack.generated_at:
        stamp = timezone.localtime(pack.generated_at).strftime("%d %B %Y %H:%M")
        document.add_paragraph(f"Generated by PQ Tracker on {stamp}.").runs[0].italic = True
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


# --- Gathering from the models ------------------------------------------------------------------

# "Question 87924" in a referral answer, as search.services.referral_answer words it.
_REFERRED_UIN = re.compile(r"\bto Question ([A-Z]{0,3}\d+)\b")


def _name(user: object | None) -> str:
    if user is None:
        return ""
    full = getattr(user, "get_full_name", lambda: "")()
    return full or str(getattr(user, "get_username", lambda: user)())


def referred_answers(case: Case, answer_text: str) -> list[ReferredAnswer]:
    """Earlier answers the draft refers to in the standard wording (search.services.referral_answer:
    "... to the answer I gave on 9 December 2021 to Question 87924.")."""
    from pqtracker.parliament.models import WrittenQuestion

    uins = list(dict.fromkeys(_REFERRED_UIN.findall(answer_text)))
    if not uins:
        return []
    found = {
        q.uin: q
        for q in WrittenQuestion.objects.filter(
            uin__in=uins,
            house=case.question.house,
            status__in=[QuestionStatus.ANSWERED, QuestionStatus.CORRECTED],
        ).prefetch_related("answers")
    }
    result = []
    for uin in uins:
        question = found.get(uin)
        if question is None:
            continue
        current = next((a for a in question.answers.all() if a.is_current), None)
        result.append(
            ReferredAnswer(uin, question.date_answered, current.answer_text if current else "")
        )
    return result


def _citation(source: figures.Source) -> Citation:
    figure = source.figure
    text = (
        f"[{source.number}] {figure.measure}, {figure.geography_name}, {figure.period}: "
        f"{source.shown} ({figure.reference})"
    )
    if source.citation.base_figure is not None:
        text += f", change since {source.citation.base_figure.period} ({source.base_shown})"
    if figure.revised_by_id:
        text += ", revised since"
    publication = figure.publication
    where = [publication.title]
    if publication.publisher:
        where.append(publication.publisher)
    if figure.release_date:
        where.append(f"released {_day(figure.release_date)}")
    if publication.url:
        where.append(publication.url)
    return Citation(text, ", ".join(where))


def pack_for(case: Case, *, version: DraftVersion | None = None) -> ClearancePack:
    """What the pack shows for the case: the given version, or the latest."""
    question = case.question
    if version is None:
        version = case.versions.order_by("-number").first()
    answer_text = version.answer_text if version else ""
    steps = ClearanceStep.objects.filter(case=case).select_related("acted_by", "assignee")
    trail = [
        TrailEntry(
            step.round,
            step.name,
            step.get_state_display(),
            _name(step.acted_by or step.assignee),
            step.acted_at,
            step.comment,
        )
        for step in steps
    ]
    cited = figures.case_citations(case)
    citations = [_citation(source) for source in figures.sources(case, cited)]
    check = figures.check_case(case, citations=cited, version=version)
    check_lines = [
        CheckLine(
            f"accepted ({flag.status})" if flag.acceptance else flag.status,
            flag.as_written,
            flag.reason
            + (
                f" Accepted by {_name(flag.acceptance.accepted_by)}: {flag.acceptance.reason}"
                if flag.acceptance
                else ""
            ),
        )
        for flag in check.flags
    ] + [CheckLine("supported", r.number.as_written, r.reason) for r in check.supported]
    return ClearancePack(
        title=question.title,
        reference=f"{question.get_house_display()} written question {question.uin}",
        member=str(question.asking_member.name_display) if question.asking_member else "",
        question_text=question.question_text,
        date_tabled=question.date_tabled,
        date_for_answer=question.date_for_answer,
        internal_deadline=case.internal_deadline,
        named_day=question.is_named_day,
        policy_team=str(case.policy_team or ""),
        action_officer=_name(case.action_officer),
        answering_minister=case.answering_minister.name_display if case.answering_minister else "",
        answer_type=(
            version.get_answer_type_display() if version else case.get_answer_type_display()
        ),
        version=version.number if version else None,
        answer_text=answer_text,
        background_note=version.background_note if version else "",
        citations=citations,
        figure_check=check_lines,
        figure_check_open=len(check.open_flags),
        referred=referred_answers(case, answer_text),
        trail=trail,
        generated_at=timezone.now(),
    )
