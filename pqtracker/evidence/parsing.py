"""Reading statistics files into figure records (pure: no database).

Three shapes: Explore Education Statistics (EES) CSVs (``time_period``, ``time_identifier``,
``geographic_level``, codes and names, filter and indicator columns); headline-figure tables (one
quoted figure per row, its ``id`` the reference); and record lists counted into figures (the
"tally" shape, e.g. one row per area SEND inspection). A manifest (``manifests.py``) says which
shape a file has and names its publication and measures; an EES CSV without one still loads.

Any bad row raises ``LoadError`` naming the file, line and column, before anything is written.
"""

from __future__ import annotations

import csv
import datetime
import hashlib
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from pqtracker.evidence.models import GeographyLevel, Unit

MARKERS = {"z", "x", "c", ":", "low", "u", "~"}
ENGLAND = "E92000001"
GEO_COLUMNS = {
    "time_period",
    "time_identifier",
    "geographic_level",
    "country_code",
    "country_name",
    "region_code",
    "region_name",
    "new_la_code",
    "old_la_code",
    "la_name",
}
LEVELS = {
    "national": GeographyLevel.NATIONAL,
    "regional": GeographyLevel.REGIONAL,
    "local authority": GeographyLevel.LOCAL_AUTHORITY,
}
TOTAL_WORDS = re.compile(r"^(total|all\b.*|all)$", re.IGNORECASE)


class LoadError(Exception):
    def __init__(self, path: Path | str, line: int, column: str, message: str) -> None:
        self.path, self.line, self.column, self.message = str(path), line, column, message
        where = f"{self.path}, line {line}" + (f", column {column}" if column else "")
        super().__init__(f"{where}: {message}")


@dataclass
class PublicationRecord:
    slug: str
    title: str
    publisher: str = ""
    release_date: datetime.date | None = None
    url: str = ""
    licence: str = ""
    revision_notes: str = ""


@dataclass
class FigureRecord:
    reference: str
    publication_slug: str
    measure: str
    source_column: str
    unit: str
    geography_level: str
    geography_code: str
    geography_name: str
    period: str
    period_start: int
    value: Decimal | None
    marker: str = ""
    breakdown: str = ""
    unit_note: str = ""
    release_date: datetime.date | None = None
    quote: str = ""
    note: str = ""


@dataclass
class ParsedFile:
    path: Path
    dataset_slug: str
    file_name: str
    coverage: str
    checksum: str
    publications: list[PublicationRecord]
    figures: list[FigureRecord]
    warnings: list[str] = field(default_factory=list)
    skipped: str = ""  # why the file holds nothing to load (a manifest said so)


def slugify(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def checksum(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def parse_date(text: str) -> datetime.date | None:
    """The leading date of free text: "2022-05-12 (…)", "2021-06" (the 1st), "2022" (1 Jan)."""
    match = re.match(r"\s*(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?", text or "")
    if not match:
        return None
    year, month, day = match.groups()
    return datetime.date(int(year), int(month or 1), int(day or 1))


def period_label(time_period: str, identifier: str, style: str = "") -> tuple[str, int]:
    """EES period -> (label, start year): 202122 academic -> "2021/22", financial -> "2021-22"."""
    tp = time_period.strip()
    ident = identifier.strip().lower()
    if len(tp) == 6 and tp.isdigit():
        start, end = int(tp[:4]), tp[4:]
        if style == "january":
            return f"January {start + 1}", start + 1
        if "financial" in ident or "fiscal" in ident:
            return f"{start}-{end}", start
        return f"{start}/{end}", start
    if tp.isdigit():
        if style == "january":
            return f"January {tp}", int(tp)
        return tp, int(tp)
    return tp, 0


def headline_period(text: str) -> tuple[str, int, str]:
    """Headline periods to the EES labels: "Financial year 2019-20 (…)" -> "2019-20", note."""
    note = ""
    match = re.search(r"\s*\(([^)]*)\)\s*$", text)
    if match:
        note, text = match.group(1), text[: match.start()]
    text = re.sub(r"^(calendar|financial|academic) year\s+", "", text.strip(), flags=re.I)
    year = re.search(r"(19|20)\d{2}", text)
    return text, int(year.group(0)) if year else 0, note


HEADLINE_UNITS = [
    ("gbp billion", Unit.GBP_BILLION),
    ("gbp million", Unit.GBP_MILLION),
    ("gbp", Unit.GBP),
    ("percent", Unit.PERCENT),
    ("per cent", Unit.PERCENT),
    ("number", Unit.NUMBER),
]


def headline_unit(text: str) -> tuple[str, str] | None:
    lowered = text.strip().lower()
    for prefix, unit in HEADLINE_UNITS:
        rest = lowered[len(prefix) :].lstrip()
        # "GBP thousand" is not GBP: after a bare "gbp" only a qualifier in brackets may follow.
        if lowered.startswith(prefix) and (prefix != "gbp" or not rest or rest.startswith("(")):
            note = text.strip()[len(prefix) :].strip().strip("()").strip()
            return unit, note
    return None


def parse_value(
    raw: str, *, path: Path, line: int, column: str, markers: set[str]
) -> tuple[Decimal | None, str] | None:
    """(value, marker), or None for an empty cell; a LoadError for anything else."""
    text = raw.strip()
    if not text:
        return None
    if text.lower() in markers:
        return None, text.lower()
    cleaned = text.replace(",", "")
    if cleaned.endswith("%"):
        cleaned = cleaned[:-1]
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        raise LoadError(path, line, column, f"“{text}” is not a number or a marker") from None
    if not value.is_finite():
        raise LoadError(path, line, column, f"“{text}” is not a number")
    return value, ""


def is_value(raw: str, markers: set[str]) -> bool | None:
    """True for a number, None for a marker or empty cell, False for anything else."""
    text = raw.strip()
    if not text or text.lower() in markers:
        return None
    cleaned = text.replace(",", "").removesuffix("%")
    try:
        return Decimal(cleaned).is_finite()
    except InvalidOperation:
        return False


def read_rows(path: Path) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """The header and every non-blank row with its line number (files are a few MB at most)."""
    with path.open(newline="", encoding="utf-8-sig") as handle:
        reader = csv.reader(handle)
        try:
            header = [h.strip() for h in next(reader)]
        except StopIteration:
            raise LoadError(path, 1, "", "the file is empty") from None
        except (csv.Error, UnicodeDecodeError) as exc:
            raise LoadError(path, 1, "", f"not a readable CSV file: {exc}") from None
        rows = []
        try:
            for row in reader:
                if any(cell.strip() for cell in row):
                    if len(row) != len(header):
                        raise LoadError(
                            path,
                            reader.line_num,
                            "",
                            f"{len(row)} columns where the header has {len(header)}",
                        )
                    rows.append((reader.line_num, row))
        except (csv.Error, UnicodeDecodeError) as exc:
            raise LoadError(path, reader.line_num, "", f"not a readable CSV row: {exc}") from None
    return header, rows


def unit_from_column(column: str) -> str:
    lowered = column.lower()
    if re.search(r"(^|_)(pc|pt|rate|percent|pct)(_|$)|_pc$|rate$|^pc_|^pt_", lowered):
        return Unit.PERCENT
    if lowered.endswith("_gbp") or "_gbp_" in lowered:
        return Unit.GBP
    return Unit.NUMBER


def measure_from_column(column: str) -> str:
    return column.replace("_", " ").strip().capitalize()


def reference_for(*parts: str) -> str:
    ref = ":".join(p for p in parts if p)
    if len(ref) <= 200:
        return ref
    digest = hashlib.sha1(ref.encode()).hexdigest()[:10]  # noqa: S324 (a name, not security)
    return f"{ref[:188]}~{digest}"


def manifest_publication(manifest: dict[str, Any]) -> PublicationRecord:
    pub = manifest["publication"]
    release = pub.get("release_date")
    if isinstance(release, str):
        release = parse_date(release)
    return PublicationRecord(
        slug=pub["slug"],
        title=pub["title"],
        publisher=pub.get("publisher", ""),
        release_date=release,
        url=pub.get("url", ""),
        licence=pub.get("licence", ""),
        revision_notes=pub.get("revision_notes", ""),
    )
