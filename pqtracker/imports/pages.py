"""Reading a written question from a web page (Parallel Parliament or Parliament's own layout).

The page is stripped of its chrome (scripts, navigation, cookie banners, loading text, share
buttons), flattened into blocks in reading order, and read by the labels both sites print
("(asked on …)", "Question to/for …", "UIN …, tabled on …", "Answered by", "Answered on",
"This question was answered on …"). What cannot be read is reported by name; nothing is
guessed. The result goes through the one write path, ``services.upsert_question``.
"""

from __future__ import annotations

import datetime
import re
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from html import escape
from pathlib import Path

from bs4 import BeautifulSoup, NavigableString, Tag
from django.conf import settings
from django.utils import timezone

from pqtracker.accounts.models import User
from pqtracker.imports.html import html_to_text, sanitise_html
from pqtracker.imports.redirects import RedirectRefused, checked_opener
from pqtracker.parliament.models import ImportRun, ImportRunStatus, QuestionChange
from pqtracker.parliament.records import AnswerRecord, BodyRef, MemberRef, QuestionRecord
from pqtracker.parliament.rules import Outcome, UpsertResult
from pqtracker.parliament.services import upsert_question
from pqtracker.search.sentinels import strip_sentinels

MAX_PAGE_BYTES = 5 * 1024 * 1024

_CHROME_TAGS = [
    "script", "style", "noscript", "template", "nav", "header", "footer", "aside", "form",
    "button", "input", "select", "textarea", "iframe", "svg", "img", "picture", "video", "audio",
    "link", "meta", "title", "head",
]  # fmt: skip
_CHROME_CLASS = re.compile(
    r"(^|[-_])(cookies?|consent|breadcrumbs?|nav|navbar|navigation|menu|loading|loader|spinner|"
    r"skip|share|social|sidebar|advert|banner|sr-only|visually-hidden|govuk-visually-hidden)($|[-_])",
    re.IGNORECASE,
)
# Lines that are page furniture wherever they appear.
_CHROME_LINE = re.compile(
    r"^(view source|reticulating splines\.*|loading\.*|.+ portrait|share|copy link)$", re.IGNORECASE
)
_ATOMIC = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "table", "blockquote", "pre", "dl"}
_CONTAINERS = [*_ATOMIC, "div", "section", "article", "main"]
_HEADINGS = {"h1", "h2", "h3"}

_DATE = r"(\d{1,2})(?:st|nd|rd|th)?\s+([A-Za-z]+)\.?\s+(\d{4})"
ASKED_ON = re.compile(r"\(asked on\s+" + _DATE + r"\)", re.IGNORECASE)
TABLED_ON = re.compile(r"\bUIN\s+([A-Z]{0,3}\d+)\s*,\s*tabled on\s+" + _DATE, re.IGNORECASE)
QUESTION_TO = re.compile(r"^Question (?:to|for) (?:the )?(.+?):?$", re.IGNORECASE)
ANSWERED_ON = re.compile(
    r"^(?:This question was answered on|Answered on)\s*" + f"(?:{_DATE})?", re.IGNORECASE
)
ANSWERED_BY = re.compile(r"^Answered by\b:?\s*(.*)$", re.IGNORECASE)
ASKED_BY = re.compile(r"^Asked by\b:?\s*(.*)$", re.IGNORECASE)
OFFICIAL_URL = re.compile(r"/written-questions/detail/(\d{4}-\d{2}-\d{2})/([A-Za-z]{0,3}\d+)")
PARALLEL_URL = re.compile(r"parallelparliament\.co\.uk/question/(\d+)(?:/|$)")
_MARKERS = (ASKED_ON, QUESTION_TO, ANSWERED_ON, ANSWERED_BY, ASKED_BY, TABLED_ON)


class PageUnreadable(ValueError):
    """The page does not say something a question needs; ``missing`` names each part."""

    def __init__(self, source: str, missing: list[str]) -> None:
        self.missing = missing
        super().__init__(
            f"Could not read {', '.join(missing)} from {source}; nothing was imported."
        )


class PageFetchError(ValueError):
    """The page could not be fetched or opened."""


@dataclass
class _Block:
    element: Tag | None
    lines: list[str]
    is_card: bool = False

    @property
    def text(self) -> str:
        return " ".join(self.lines)

    @property
    def html(self) -> str:
        if self.element is not None:
            return str(self.element)
        return f"<p>{escape(self.text)}</p>"


@dataclass
class PageImportResult:
    run: ImportRun
    record: QuestionRecord
    upsert: UpsertResult

    def summary(self) -> str:
        question = self.upsert.question
        verb = {Outcome.NEW: "Added", Outcome.UPDATED: "Updated", Outcome.UNCHANGED: "Unchanged:"}
        answered = f", answered {self.record.answer.date_answered}" if self.record.answer else ""
        return (
            f"{verb[self.upsert.outcome]} {question.get_house_display()} question {question.uin} "
            f"tabled {question.date_tabled}{answered} (import run {self.run.pk})."
        )


def parse_date(day: str, month: str, year: str) -> datetime.date | None:
    for pattern in ("%d %B %Y", "%d %b %Y"):
        try:
            return datetime.datetime.strptime(f"{day} {month} {year}", pattern).date()
        except ValueError:
            continue
    return None


def _lines(element: Tag | NavigableString) -> list[str]:
    raw = element.get_text("\n") if isinstance(element, Tag) else str(element)
    found = []
    for line in raw.split("\n"):
        line = re.sub(r"\s+", " ", line).strip()
        if line:
            found.append(line)
    return found


def _is_chrome(element: Tag) -> bool:
    if element.name == "form" and element.find("h1") is not None:
        return False  # some sites wrap the whole page in one form
    if element.name in _CHROME_TAGS:
        return True
    if element.get("aria-hidden") == "true" or element.has_attr("hidden"):
        return True
    names = [element.get("id") or "", *(element.get("class") or [])]
    return any(_CHROME_CLASS.search(str(name)) for name in names)


def _strip_chrome(root: Tag) -> None:
    for element in list(root.find_all(True)):
        if element.decomposed:
            continue
        if _is_chrome(element):
            element.decompose()


def _flatten(root: Tag) -> list[_Block]:
    """The page as blocks in reading order: paragraphs, headings, lists, tables, member cards."""
    blocks: list[_Block] = []
    inline: list[str] = []

    def flush() -> None:
        text = " ".join(inline).strip()
        inline.clear()
        if text:
            blocks.append(_Block(None, [re.sub(r"\s+", " ", text)]))

    for child in root.children:
        if isinstance(child, NavigableString):
            if type(child) is NavigableString and child.strip():
                inline.append(str(child))
            continue
        if not isinstance(child, Tag):
            continue
        classes = set(child.get("class") or [])
        if "card-member" in classes:
            flush()
            blocks.append(_Block(child, _lines(child), is_card=True))
        elif child.name in _ATOMIC:
            flush()
            blocks.append(_Block(child, _lines(child)))
        elif child.find(_CONTAINERS) is not None or child.find(class_="card-member") is not None:
            flush()
            blocks.extend(_flatten(child))
        elif child.name in {"div", "section", "article", "main", "li"}:
            flush()
            blocks.append(_Block(child, _lines(child)))
        else:
            inline.append(child.get_text(" "))
    flush()
    return [b for b in blocks if not all(_CHROME_LINE.match(line) for line in b.lines)]


def _clean_lines(lines: list[str]) -> list[str]:
    return [line for line in lines if not _CHROME_LINE.match(line)]


def _is_marker(block: _Block) -> bool:
    first = block.lines[0] if block.lines else ""
    return any(pattern.search(first) for pattern in _MARKERS)


def _card_name(block: _Block) -> str:
    element = block.element
    primary = element.find(class_="primary-info") if element is not None else None
    if primary is not None:
        return re.sub(r"\s+", " ", primary.get_text(" ")).strip()
    lines = _clean_lines(block.lines)
    return lines[0] if lines else ""


def read_question_page(html: str, *, source: str = "the page", url: str = "") -> QuestionRecord:
    """A ``QuestionRecord`` of what the page states. Raises ``PageUnreadable`` naming the gaps."""
    soup = BeautifulSoup(html, "html.parser")
    links = [str(a.get("href") or "") for a in soup.find_all("a")]
    canonical = soup.find("link", rel="canonical")
    canonical_url = str(canonical.get("href") or "") if isinstance(canonical, Tag) else ""
    page_urls = [url, canonical_url, *links]
    root = soup.body or soup
    _strip_chrome(root)
    blocks = _flatten(root)
    missing: list[str] = []

    full_text = "\n".join(line for block in blocks for line in block.lines)
    uin, date_tabled = "", None
    if match := TABLED_ON.search(full_text):
        uin, date_tabled = match.group(1).upper(), parse_date(*match.groups()[1:])
    if match := ASKED_ON.search(full_text):
        date_tabled = date_tabled or parse_date(*match.groups())
    for candidate in page_urls:
        if match := OFFICIAL_URL.search(candidate or ""):
            uin = uin or match.group(2).upper()
            date_tabled = date_tabled or datetime.date.fromisoformat(match.group(1))
    if not uin and (match := PARALLEL_URL.search(url)):
        uin = match.group(1)

    # The heading is the last heading before the first label; a page title elsewhere is not.
    first_label = next((i for i, b in enumerate(blocks) if _is_marker(b)), len(blocks))
    headings = [
        b for b in blocks[:first_label] if b.element is not None and b.element.name in _HEADINGS
    ]
    # Search marks its matches with private-use characters: the indexed text must not bring its
    # own (the answer's text comes through html_to_text, which strips them too).
    heading = strip_sentinels(headings[-1].text) if headings else ""

    body_name = ""
    body_index = -1
    for index, block in enumerate(blocks):
        if block.lines and (match := QUESTION_TO.match(block.lines[0])):
            body_name, body_index = match.group(1).strip(), index
            break

    asker = ""
    for index, block in enumerate(blocks):
        if block.lines and (match := ASKED_BY.match(block.lines[0])):
            named = match.group(1) or next(
                (_card_name(b) for b in blocks[index + 1 : index + 2] if b.is_card), ""
            )
            asker = re.sub(r"\s*\(.*\)\s*$", "", named).strip()
            break

    question_blocks: list[_Block] = []
    start = next(
        (i for i, b in enumerate(blocks) if i > body_index and b.text.lower().startswith("to ask")),
        body_index + 1 if body_index >= 0 else None,
    )
    if start is not None:
        for block in blocks[start:]:
            if _is_marker(block) or block.is_card:
                break
            question_blocks.append(block)
    question_text = strip_sentinels(
        "\n".join(" ".join(_clean_lines(b.lines)) for b in question_blocks)
    ).strip()

    answer, answer_missing = _read_answer(blocks)

    if not heading:
        missing.append("the heading")
    if date_tabled is None:
        missing.append("the date it was asked (tabled)")
    if not question_text:
        missing.append("the question text")
    if not uin:
        missing.append("the UIN")
    missing.extend(answer_missing)
    if missing:
        raise PageUnreadable(source, missing)
    assert date_tabled is not None  # noqa: S101 - narrowed for type checkers; checked above
    return QuestionRecord(
        uin=uin,
        house="Lords" if uin.startswith("HL") else "Commons",
        date_tabled=date_tabled,
        question_text=question_text,
        heading=heading[:255],
        asking_member=MemberRef(name=asker),
        answering_body=BodyRef(name=body_name),
        answer=answer,
    )


def _read_answer(blocks: list[_Block]) -> tuple[AnswerRecord | None, list[str]]:
    date_index, answered_on = -1, None
    for index, block in enumerate(blocks):
        if block.lines and (match := ANSWERED_ON.match(block.text)):
            date_index = index
            if match.group(1):
                answered_on = parse_date(*match.groups())
            elif index + 1 < len(blocks) and (following := re.match(_DATE, blocks[index + 1].text)):
                answered_on = parse_date(*following.groups())
                date_index = index + 1
            break
    by_index, minister = -1, ""
    for index, block in enumerate(blocks):
        if block.lines and (match := ANSWERED_BY.match(block.lines[0])):
            by_index = index
            rest = [line for line in _clean_lines([match.group(1), *block.lines[1:]]) if line]
            if rest:
                minister = rest[0]
            elif index + 1 < len(blocks):
                minister = _card_name(blocks[index + 1])
                by_index = index + 1
            break
    if date_index < 0 and by_index < 0:
        return None, []  # the page shows only the question
    if not minister:
        card = next((i for i, b in enumerate(blocks) if i > date_index and b.is_card), None)
        if card is not None and date_index >= 0:
            minister, by_index = _card_name(blocks[card]), card
    answer_blocks = [
        b for b in blocks[max(date_index, by_index) + 1 :] if not b.is_card and not _is_marker(b)
    ]
    answer_html = sanitise_html("".join(b.html for b in answer_blocks))
    answer_text = html_to_text(answer_html)
    missing = []
    if answered_on is None:
        missing.append("the date it was answered")
    if not minister or ANSWERED_ON.match(minister):
        missing.append("the answering minister")
    if not answer_text:
        missing.append("the answer text")
    if missing:
        return None, missing
    return (
        AnswerRecord(
            answer_html=answer_html,
            answer_text=answer_text,
            answering_member=MemberRef(name=minister),
            date_answered=answered_on,
        ),
        [],
    )


def fetch_page(location: str) -> tuple[str, str]:
    """``(html, url)`` of a file path or an http(s) URL."""
    scheme = urllib.parse.urlsplit(location).scheme.lower()
    if scheme in {"http", "https"}:
        request = urllib.request.Request(  # noqa: S310 - scheme checked just above
            location, headers={"User-Agent": settings.PARLIAMENT_API_USER_AGENT}
        )
        try:
            # Any host may be imported from, but each redirect hop is checked for scheme and count.
            with checked_opener().open(
                request, timeout=settings.PARLIAMENT_API_TIMEOUT_SECONDS
            ) as response:
                raw = response.read(MAX_PAGE_BYTES + 1)
                charset = response.headers.get_content_charset() or "utf-8"
        except RedirectRefused as error:
            raise PageFetchError(str(error)) from None
        except (urllib.error.URLError, TimeoutError, OSError) as error:
            raise PageFetchError(f"Could not fetch {location}: {error}") from None
        if len(raw) > MAX_PAGE_BYTES:
            raise PageFetchError(f"{location} is larger than {MAX_PAGE_BYTES // (1024 * 1024)} MB")
        try:
            return raw.decode(charset, errors="replace"), location
        except LookupError:  # a charset Python does not know: read it as UTF-8, flag bad bytes
            return raw.decode("utf-8", errors="replace"), location
    if scheme and len(scheme) > 1:
        raise PageFetchError(f"Only http(s) URLs and files can be imported, not {location}")
    path = Path(location)
    try:
        if path.stat().st_size > MAX_PAGE_BYTES:
            raise PageFetchError(f"{location} is larger than {MAX_PAGE_BYTES // (1024 * 1024)} MB")
        return path.read_text(encoding="utf-8", errors="replace"), ""
    except OSError as error:
        raise PageFetchError(f"Could not open {location}: {error.strerror or error}") from None


def import_page(
    *,
    location: str,
    html: str | None = None,
    url: str = "",
    requested_by: User | None = None,
) -> PageImportResult:
    """Read one question page and write what it states, recorded as an ``ImportRun(kind=PAGE)``.

    A page that cannot be read fails the run with the reason and writes no question.
    """
    run = ImportRun.objects.create(
        kind=ImportRun.Kind.PAGE,
        status=ImportRunStatus.RUNNING,
        started_at=timezone.now(),
        requested_by=requested_by,
        items_total=1,
    )
    try:
        if html is None:
            html, url = fetch_page(location)
        record = read_question_page(html, source=location, url=url or location)
        result = upsert_question(record=record, source=QuestionChange.Source.PAGE, import_run=run)
    except Exception as error:
        # Unreadable page, failed fetch or anything unexpected: the run says why, then re-raise.
        run.status, run.failed_count = ImportRunStatus.FAILED, 1
        run.error = str(error) or type(error).__name__
        run.items_processed, run.finished_at = 1, timezone.now()
        run.save()
        raise
    run.status, run.finished_at, run.items_processed = ImportRunStatus.SUCCEEDED, timezone.now(), 1
    counts = {
        Outcome.NEW: "new_count",
        Outcome.UPDATED: "updated_count",
        Outcome.UNCHANGED: "unchanged_count",
    }
    setattr(run, counts[result.outcome], 1)
    run.save()
    return PageImportResult(run=run, record=record, upsert=result)
