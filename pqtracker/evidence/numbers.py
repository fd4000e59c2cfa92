"""Every statistic in a piece of text, as a clearer would read it (pure functions, no database).

A statistic is a count ("473,300", "1.1 million pupils", "half a million"), a sum of money
("£7.9 billion", "£6,279m", "£2bn"), a percentage ("26%", "26 per cent") or a fraction in words
("one third", "half", "one in five", "a quarter"). Numbers that are not statistics are left out:
dates, years, financial and academic years ("2021-22", "2019/20"), UINs ("UIN 87924", "HL446"),
list numbering ("1.", "(2)"), durations and thresholds ("20 weeks", "aged 0 to 25",
"Key Stage 4"), ordinals and numbers inside words or URLs ("COVID-19", "S251").

Each number carries the rounding its wording implies (``step``: "£1.6 billion" is to the nearest
£0.1 billion, "473,300" to the nearest 100, "26%" to the nearest 1%) and the hedge in front of it
("more than", "around", "at least", ...), which the figure check then respects.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from enum import StrEnum


class NumberKind(StrEnum):
    COUNT = "count"
    MONEY = "money"
    PERCENT = "percent"  # percentages and fractions in words, in per cent


class Hedge(StrEnum):
    EXACT = ""
    ABOVE = "above"  # more than, over, in excess of
    AT_LEAST = "at_least"
    BELOW = "below"  # almost, nearly, just under
    AT_MOST = "at_most"  # up to, no more than
    LESS_THAN = "less_than"  # less than, fewer than, under
    ABOUT = "about"  # around, about, approximately, roughly


@dataclass(frozen=True)
class TextNumber:
    text: str  # as written, without the hedge: "£2 billion", "one third", "26%"
    start: int
    end: int
    value: float  # pounds for money, per cent for percentages and fractions
    kind: NumberKind
    step: float  # the rounding the wording implies, in the same units as value
    hedge: Hedge = Hedge.EXACT
    hedge_text: str = ""
    is_fraction: bool = False

    @property
    def as_written(self) -> str:
        return f"{self.hedge_text} {self.text}".strip()


MULTIPLIERS = {
    "thousand": 1e3,
    "k": 1e3,
    "million": 1e6,
    "m": 1e6,
    "mn": 1e6,
    "billion": 1e9,
    "bn": 1e9,
    "b": 1e9,
    "trillion": 1e12,
}

HEDGES = [
    (r"more than|over|above|in excess of|exceeding|just over|upwards of", Hedge.ABOVE),
    (r"at least|a minimum of", Hedge.AT_LEAST),
    (r"almost|nearly|just under|close to|approaching|not quite", Hedge.BELOW),
    (r"up to|no more than|at most|a maximum of", Hedge.AT_MOST),
    (r"less than|fewer than|under|below", Hedge.LESS_THAN),
    (
        r"around|about|approximately|roughly|some|an estimated|estimated|circa|broadly|"
        r"approaching|getting on for|in the region of",
        Hedge.ABOUT,
    ),
]
_HEDGE_RE = [
    (re.compile(rf"(?:^|\W)({words})\s+(?:an?\s+)?$", re.IGNORECASE), hedge)
    for words, hedge in HEDGES
]

# Fractions in words, as per cent. "a"/"one" share a pattern; "half" may stand alone.
_FRACTION_WORDS = {
    "half": 50.0,
    "third": 100 / 3,
    "quarter": 25.0,
    "fifth": 20.0,
    "sixth": 100 / 6,
    "tenth": 10.0,
}
_PLURAL_FRACTIONS = {
    ("two", "thirds"): 200 / 3,
    ("three", "quarters"): 75.0,
    ("two", "fifths"): 40.0,
    ("three", "fifths"): 60.0,
    ("four", "fifths"): 80.0,
}
_SMALL = {
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "twenty": 20,
    "hundred": 100,
}
FRACTION_RE = re.compile(
    r"\b(?:(?P<one>one|a)[\s-](?P<unit>half|third|quarter|fifth|sixth|tenth)\b"
    r"|(?P<num>two|three|four)[\s-](?P<units>thirds|quarters|fifths)\b"
    r"|(?P<in_a>one|1)\s+in\s+(?P<in_b>two|three|four|five|six|seven|eight|nine|ten|twenty|"
    r"hundred|\d+)\b"
    r"|(?<![\w-])(?P<half>half)\b(?![\s-](?:term|day|year|hour|time)))",
    re.IGNORECASE,
)

# A round number in words: "half a million", "a quarter of a million", "a million",
# "three quarters of a billion pounds". A count (money with "£" or "pounds"), never a share: the
# "half" of "half a million" is not 50%.
SCALED_RE = re.compile(
    r"(?P<pound>£\s?)?\b(?:(?P<frac>half|(?:a|one)[\s-](?:third|quarter)|three[\s-]quarters|"
    r"two[\s-]thirds)\s+(?:of\s+)?)?(?:a|one)\s+(?P<mult>million|billion)\b(?P<pounds>\s+pounds)?",
    re.IGNORECASE,
)
_SCALED_FRACTIONS = {
    "half": 0.5,
    "third": 1 / 3,
    "quarter": 0.25,
    "quarters": 0.75,
    "thirds": 2 / 3,
}
# Such a number is as coarse as its wording: "almost half a million" is said of 473,300.
SCALED_STEP = 0.1

_NUM = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
MONEY_RE = re.compile(
    rf"£\s?(?P<n>{_NUM})(?:\s?(?P<mult>thousand|million|billion|trillion|bn|mn|m|k|b)\b)?",
    re.IGNORECASE,
)
PERCENT_RE = re.compile(
    rf"(?<![\w.,£])(?P<n>{_NUM})\s?(?:%|per\s?cent\b|percent\b)(?P<pp>\s*points?\b)?",
    re.IGNORECASE,
)
COUNT_RE = re.compile(
    rf"(?<![\w.,£/-])(?P<n>{_NUM})(?:\s(?P<mult>thousand|million|billion)\b)?(?![\w%/])",
    re.IGNORECASE,
)

_MONTHS = (
    r"January|February|March|April|May|June|July|August|September|October|November|December|"
    r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec"
)
# Spans that hold digits but no statistic. Matched first; numbers inside them are skipped.
EXCLUDED_RES = [
    re.compile(r"https?://\S+|www\.\S+|\S+@\S+\.\w+", re.IGNORECASE),
    # Financial and academic years: 2021-22, 2019/20, 2025/2026, 2021 to 2022.
    re.compile(r"\b(?:19|20)\d{2}\s?[-–/]\s?(?:19|20)?\d{2}\b"),
    re.compile(r"\b(?:19|20)\d{2}\s+to\s+(?:19|20)\d{2}\b"),
    # Dates: 9 December 2021, 9th Dec, December 9, 2021, 09/12/2021, 2021-12-09.
    re.compile(rf"\b\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?(?:{_MONTHS})\b\.?(?:\s+\d{{4}})?"),
    re.compile(rf"\b(?:{_MONTHS})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?\b(?:,?\s+\d{{4}})?"),
    re.compile(r"\b\d{1,2}[/.]\d{1,2}[/.]\d{2,4}\b|\b\d{4}-\d{2}-\d{2}\b"),
    # Years standing alone (and a few words after which a number is a year or a label).
    re.compile(r"(?<![\d,.£])\b(?:1[89]|20)\d{2}\b(?![,.]?\d|\s?%|\s?per\s?cent)"),
    # UINs and references: UIN 87924, HL446, PQ 73735, question 12345, [87924].
    re.compile(
        r"\b(?:UINs?|PQs?|HL|HC|questions?|numbers?|No\.?|ref(?:erence)?)\s?:?\s?\d+"
        r"(?:\s*(?:,|and|to)\s*\d+)*",
        re.IGNORECASE,
    ),
    re.compile(r"\[\s?\d+\s?\]"),
    # Labels: Key Stage 4, Year 6, grades 4, section 19, aged 0 to 25, Level 3, Tier 2.
    re.compile(
        r"\b(?:key\s+stages?|years?|grades?|levels?|tiers?|phases?|sections?|schedules?|"
        r"parts?|paragraphs?|clauses?|pages?|steps?|stages?|chapters?|articles?|regulations?|"
        r"rules?|annex|appendix|aged?|ages|wave|round|cohort|band|table|figure|chart|option|"
        r"version|priority|category)\s+\d+[a-z]?(?:\s*(?:to|-|–|and|or)\s*\d+)?\b",
        re.IGNORECASE,
    ),
    # Durations and times: 20 weeks, 12 months, five years, 6-week, 10am, 9:30.
    # Age and year-group ranges: 16-19, 16 to 18, 16–24-year-olds, people under 25.
    re.compile(r"\b\d{1,2}\s?(?:[-–‑]|to)\s?\d{1,2}\b(?!\s?%|\s?per\s?cent|[.,]\d)"),
    re.compile(r"\b\d{1,2}[-–‑\s]years?[-–‑\s]olds?\b", re.IGNORECASE),
    re.compile(
        r"\b(?:under|over|aged?)\s+\d{1,2}s?\b(?=\s*(?:[,.;:)]|and\b|or\b|year))",
        re.IGNORECASE,
    ),
    re.compile(
        r"\b\d+(?:\.\d+)?(?:\s|[-–‑])(?:weeks?|months?|years?|days?|hours?|minutes?|seconds?|"
        r"terms?|academic years?|working days?|school days?)\b",
        re.IGNORECASE,
    ),
    re.compile(r"\b\d{1,2}(?::\d{2})?\s?(?:am|pm)\b|\b\d{1,2}:\d{2}\b", re.IGNORECASE),
    # List numbering: "1." or "(2)" or "3)" opening an item.
    re.compile(r"(?:^|(?<=\n)|(?<=:\s)|(?<=;\s))\s*\(?\d{1,2}[.)](?=\s)", re.MULTILINE),
    re.compile(r"\(\d{1,2}\)"),
    # Ordinals and numbers glued to letters: 1st, 20th, COVID-19, S251, 3D.
    re.compile(r"\b\d+(?:st|nd|rd|th)\b|\b[A-Za-z]+-?\d+[A-Za-z]*\b|\b\d+[A-Za-z]+\b"),
]


class _Spans:
    """Non-overlapping character ranges, merged and sorted, asked by bisection."""

    def __init__(self, spans: list[tuple[int, int]] | None = None) -> None:
        merged: list[list[int]] = []
        for start, end in sorted(spans or []):
            if merged and start <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], end)
            else:
                merged.append([start, end])
        self.starts = [s for s, _e in merged]
        self.ends = [e for _s, e in merged]

    def add(self, span: tuple[int, int]) -> None:
        at = bisect.bisect_left(self.starts, span[0])
        self.starts.insert(at, span[0])
        self.ends.insert(at, span[1])

    def overlaps(self, span: tuple[int, int]) -> bool:
        start, end = span
        # The last range starting before ``end`` is the only one that can overlap (merged), but
        # ranges added later may nest: look one further back.
        at = bisect.bisect_left(self.starts, end)
        return any(self.ends[i] > start for i in range(max(0, at - 2), at))


def _excluded_spans(text: str) -> _Spans:
    spans: list[tuple[int, int]] = []
    for regex in EXCLUDED_RES:
        spans.extend(m.span() for m in regex.finditer(text))
    return _Spans(spans)


def _parse(number: str) -> float:
    return float(number.replace(",", ""))


def _step(number: str) -> float:
    """The rounding a written number implies: its last decimal, or its trailing zeros."""
    digits = number.replace(",", "")
    if "." in digits:
        return 10.0 ** -len(digits.split(".", 1)[1])
    stripped = digits.rstrip("0")
    zeros = len(digits) - len(stripped) if stripped else 0
    return 10.0**zeros


def _hedge_before(text: str, start: int) -> tuple[Hedge, str]:
    before = text[max(0, start - 30) : start]
    for regex, hedge in _HEDGE_RE:
        match = regex.search(before)
        if match:
            return hedge, match.group(1).lower()
    return Hedge.EXACT, ""


def _fraction(match: re.Match[str]) -> float | None:
    if match["unit"]:
        return _FRACTION_WORDS[match["unit"].lower()]
    if match["units"]:
        return _PLURAL_FRACTIONS.get((match["num"].lower(), match["units"].lower()))
    if match["in_b"]:
        b = match["in_b"].lower()
        denominator = int(b) if b.isdigit() else _SMALL.get(b, 0)
        return 100.0 / denominator if denominator > 1 else None
    return 50.0  # half


def extract_numbers(text: str) -> list[TextNumber]:
    """Every statistic in ``text``, in the order written."""
    excluded = _excluded_spans(text)
    taken = _Spans()
    found: list[TextNumber] = []

    def add(
        start: int, end: int, value: float, kind: NumberKind, step: float, **kw: object
    ) -> None:
        hedge, hedge_text = _hedge_before(text, start)
        taken.add((start, end))
        found.append(
            TextNumber(
                text=text[start:end].strip(),
                start=start,
                end=end,
                value=value,
                kind=kind,
                step=step,
                hedge=hedge,
                hedge_text=hedge_text,
                **kw,  # type: ignore[arg-type]
            )
        )

    for m in MONEY_RE.finditer(text):
        if excluded.overlaps(m.span("n")) and not m["mult"]:
            continue
        scale = MULTIPLIERS[m["mult"].lower()] if m["mult"] else 1.0
        add(m.start(), m.end(), _parse(m["n"]) * scale, NumberKind.MONEY, _step(m["n"]) * scale)
    for m in SCALED_RE.finditer(text):
        if taken.overlaps(m.span()):
            continue
        fraction = (
            _SCALED_FRACTIONS[m["frac"].split()[-1].split("-")[-1].lower()] if m["frac"] else 1
        )
        amount = fraction * MULTIPLIERS[m["mult"].lower()]
        kind = NumberKind.MONEY if m["pound"] or m["pounds"] else NumberKind.COUNT
        add(m.start(), m.end(), amount, kind, SCALED_STEP * amount)
    for m in PERCENT_RE.finditer(text):
        if taken.overlaps(m.span()):
            continue
        add(m.start(), m.end(), _parse(m["n"]), NumberKind.PERCENT, _step_percent(m["n"]))
    for m in FRACTION_RE.finditer(text):
        value = _fraction(m)
        if value is None or taken.overlaps(m.span()) or excluded.overlaps(m.span()):
            continue
        add(m.start(), m.end(), value, NumberKind.PERCENT, 0.0, is_fraction=True)
    for m in COUNT_RE.finditer(text):
        if taken.overlaps(m.span()) or excluded.overlaps(m.span("n")):
            continue
        scale = MULTIPLIERS[m["mult"].lower()] if m["mult"] else 1.0
        add(m.start(), m.end(), _parse(m["n"]) * scale, NumberKind.COUNT, _step(m["n"]) * scale)
    found.sort(key=lambda n: n.start)
    return found


def _step_percent(number: str) -> float:
    # "10%" is rounded to the nearest 1%, not to the nearest 10%.
    digits = number.replace(",", "")
    return 10.0 ** -len(digits.split(".", 1)[1]) if "." in digits else 1.0
