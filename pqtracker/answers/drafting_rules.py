"""Pure rules for drafting an answer: word diff, word count, lettered parts, save conflicts.

No database and no request here, so the editor, the services and the Word pack share one
definition of each, and the tests need no fixtures.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from enum import StrEnum

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

# --- Word diff --------------------------------------------------------------------------------

# A token is a run of non-space characters with the spaces after it: words are compared, and the
# spacing (line breaks included) is kept for display.
_TOKEN = re.compile(r"\s*\S+\s*|\s+")


@dataclass(frozen=True)
class DiffChunk:
    kind: str  # "equal", "insert" or "delete"
    text: str


def _tokens(text: str) -> list[str]:
    return _TOKEN.findall(text)


def word_diff(old: str, new: str) -> list[DiffChunk]:
    """``new`` against ``old`` word by word: runs of equal, inserted and deleted text.

    Words are compared without their surrounding spaces, so re-wrapping a line is not a change.
    """
    old_tokens, new_tokens = _tokens(old), _tokens(new)
    # autojunk off: in a long answer "the" is frequent, and junking it makes a diff unreadable.
    matcher = difflib.SequenceMatcher(
        a=[t.strip() for t in old_tokens], b=[t.strip() for t in new_tokens], autojunk=False
    )
    chunks: list[DiffChunk] = []
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            chunks.append(DiffChunk("equal", "".join(new_tokens[b1:b2])))
            continue
        if op in ("delete", "replace"):
            chunks.append(DiffChunk("delete", "".join(old_tokens[a1:a2])))
        if op in ("insert", "replace"):
            chunks.append(DiffChunk("insert", "".join(new_tokens[b1:b2])))
    return chunks


def render_word_diff(old: str, new: str) -> SafeString:
    """The diff as HTML: every piece of text escaped, changes in <del> and <ins>.

    Drafts are typed by people: nothing of theirs reaches the page unescaped.
    """
    parts: list[str] = []
    for chunk in word_diff(old, new):
        text = escape(chunk.text)
        if chunk.kind == "insert":
            parts.append(f"<ins>{text}</ins>")
        elif chunk.kind == "delete":
            parts.append(f"<del>{text}</del>")
        else:
            parts.append(text)
    return mark_safe("".join(parts))  # noqa: S308 - every piece above was escaped


def has_changes(old: str, new: str) -> bool:
    return any(chunk.kind != "equal" for chunk in word_diff(old, new))


# --- Word count and lettered parts ------------------------------------------------------------


def word_count(text: str) -> int:
    """Words as a reader counts them: "20", "SEND", "care-leavers" count; a lone dash does not."""
    return sum(1 for token in text.split() if any(ch.isalnum() for ch in token))


_ROMAN = ("i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x")
# "(a)" standing on its own: not "section 19(a)" or "(1)(a)", which cite an Act.
_MARKER = re.compile(r"(?<![\w)])\(([a-z]{1,4})\)")


def _run(labels: list[str], sequence: tuple[str, ...]) -> list[str]:
    """The labels that form a run from the start of ``sequence``: (a), (b), (c)... A lone "(c)"
    or an "(e)" after "(b)" is more likely something else than a part."""
    found = set(labels)
    run: list[str] = []
    for label in sequence:
        if label not in found:
            break
        run.append(label)
    return run if len(run) >= 2 else []


def question_parts(question_text: str) -> list[str]:
    """The lettered parts of a question, as labels: ["a", "b", "c"], then any "(i)", "(ii)"."""
    labels = [m.group(1) for m in _MARKER.finditer(question_text.lower())]
    letters = _run(labels, tuple("abcdefghijklmnopqrstuvwxyz"))
    # "(i)" after "(h)" is the ninth letter, not a Roman one.
    romans = [] if "i" in letters else _run(labels, _ROMAN)
    return letters + romans


def _addressed(answer_text: str) -> set[str]:
    text = answer_text.lower()
    seen = {m.group(1) for m in _MARKER.finditer(text)}
    # "part a", "parts a and b" without brackets.
    for m in re.finditer(r"\bparts?\s+((?:[a-z]\b[\s,]*(?:and\s+|or\s+)?)+)", text):
        seen.update(re.findall(r"\b[a-z]\b", m.group(1)))
    # "(a) to (c)": every part between.
    for m in re.finditer(r"\(([a-z])\)\s*(?:to|-|–)\s*\(([a-z])\)", text):
        start, end = ord(m.group(1)), ord(m.group(2))
        seen.update(chr(c) for c in range(start, end + 1))
    return seen


@dataclass(frozen=True)
class PartsCheck:
    parts: list[str]  # the question's lettered parts, in order
    missing: list[str]  # those the answer does not name

    @property
    def complete(self) -> bool:
        return not self.missing

    @staticmethod
    def label(part: str) -> str:
        return f"({part})"


def check_parts(question_text: str, answer_text: str) -> PartsCheck:
    """Which lettered parts of the question the answer does not mention by their letter."""
    parts = question_parts(question_text)
    addressed = _addressed(answer_text)
    return PartsCheck(parts, [part for part in parts if part not in addressed])


# --- Saving: never overwrite -----------------------------------------------------------------


@dataclass(frozen=True)
class DraftText:
    answer_text: str
    background_note: str
    answer_type: str

    @classmethod
    def normalised(cls, answer_text: str, background_note: str, answer_type: str) -> DraftText:
        # Browsers send textarea line breaks as CRLF; a version is the same text either way.
        return cls(
            answer_text.replace("\r\n", "\n").strip(),
            background_note.replace("\r\n", "\n").strip(),
            answer_type,
        )


class SaveDecision(StrEnum):
    UNCHANGED = "unchanged"  # identical to the latest version: nothing to write
    SAVE = "save"  # based on the latest version: a new version
    CONFLICT = "conflict"  # based on an older version: a new version, and the user must choose


def decide_save(
    *, base_number: int | None, latest_number: int, latest: DraftText | None, new: DraftText
) -> SaveDecision:
    """What a save does, given the version the editor was based on and the latest version.

    A save never replaces anything: a save based on an older version than the latest is still
    kept (as a version flagged as a conflict), so both people's texts survive and the one who
    saved second is shown both side by side to choose. ``base_number`` None (or 0) means the
    editor started from no version at all: with a version there since, that is a conflict too.
    """
    if latest is None:
        # Nothing to collide with; an empty editor saved is not a version worth keeping.
        has_text = new.answer_text or new.background_note
        return SaveDecision.SAVE if has_text else SaveDecision.UNCHANGED
    if new == latest:
        return SaveDecision.UNCHANGED
    if (base_number or 0) == latest_number:
        return SaveDecision.SAVE
    return SaveDecision.CONFLICT


def is_conflict(*, number: int, based_on: int | None) -> bool:
    """A version saved on another than the one just before it was a save over someone else's."""
    return based_on is not None and based_on != number - 1
