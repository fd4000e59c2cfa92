"""The record's vocabulary, and "Did you mean" from it for a search that finds nothing.

The vocabulary (``SearchWord``) is rebuilt from the record as a whole, daily by the worker and
after ``rebuild_search_index``: a word is offered once it is in some question, whichever engine
is in use. A suggestion reads the words with the typed word's first letter and a length within
two of it (an index range), and picks the closest by edit distance, the most used on a tie.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

from django.db import transaction

from pqtracker.parliament.models import Answer, WrittenQuestion
from pqtracker.search.models import SearchWord
from pqtracker.search.query import STOP_WORDS, ParsedQuery

_WORD = re.compile(r"[^\W\d_]{3,40}")
MIN_LENGTH = 3


def words_of(*texts: str | None) -> set[str]:
    return {word for text in texts if text for word in _WORD.findall(text.lower())}


def _count(rows: Iterable[tuple[str | None, ...]]) -> Counter[str]:
    counts: Counter[str] = Counter()
    for row in rows:
        counts.update(words_of(*row))
    return counts


def refresh_vocabulary(*, chunk_size: int = 5_000) -> int:
    """Replace the vocabulary with the words of every question, answer and Member's name as
    they are now; returns how many words. One read of the record, streamed."""
    counts = _count(
        WrittenQuestion.objects.values_list(
            "heading",
            "question_text",
            "asking_member__name_display",
            "answering_member__name_display",
        ).iterator(chunk_size=chunk_size)
    )
    counts += _count(
        Answer.objects.filter(is_current=True)
        .values_list("answer_text", "answering_member__name_display")
        .iterator(chunk_size=chunk_size)
    )
    with transaction.atomic():
        SearchWord.objects.all().delete()
        SearchWord.objects.bulk_create(
            (
                SearchWord(word=word, initial=word[0], length=len(word), documents=documents)
                for word, documents in counts.items()
            ),
            batch_size=chunk_size,
        )
    return len(counts)


def edit_distance(a: str, b: str, limit: int) -> int:
    """Optimal string alignment distance (a swap of two letters is one edit), or ``limit`` + 1
    once it must exceed ``limit``."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous_row: list[int] | None = None
    row = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        before, previous_row, row = previous_row, row, [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            row[j] = min(previous_row[j] + 1, row[j - 1] + 1, previous_row[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1] and before:
                row[j] = min(row[j], before[j - 2] + 1)
        if min(row) > limit:
            return limit + 1
    return row[-1]


def closest_word(word: str) -> str | None:
    """The vocabulary's word closest to ``word`` (which it does not hold), if one is close:
    one edit for a word of up to five letters, two for a longer one."""
    limit = 1 if len(word) <= 5 else 2
    candidates = SearchWord.objects.filter(
        initial=word[0], length__range=(len(word) - limit, len(word) + limit)
    ).values_list("word", "documents")
    best: tuple[int, int, str] | None = None
    for candidate, documents in candidates.iterator(chunk_size=2_000):
        distance = edit_distance(word, candidate, limit)
        if distance <= limit and (best is None or (distance, -documents) < best[:2]):
            best = (distance, -documents, candidate)
    return best[2] if best else None


def did_you_mean(text: str, query: ParsedQuery) -> str | None:
    """``text`` with each word the record never uses replaced by the closest word it does, or
    None when there is nothing to correct. Words in phrases and excluded words are corrected
    too: a misspelling there finds nothing either."""
    typed = {
        word.lower()
        for clause in query.clauses
        for term in clause.alternatives
        for word in term.words
        if len(word) >= MIN_LENGTH and word.isalpha() and word.lower() not in STOP_WORDS
    }
    if not typed:
        return None
    known = set(SearchWord.objects.filter(word__in=typed).values_list("word", flat=True))
    corrections = {
        word: found for word in typed - known if (found := closest_word(word)) is not None
    }
    if not corrections:
        return None
    pattern = re.compile(r"\b(" + "|".join(map(re.escape, corrections)) + r")\b", re.IGNORECASE)
    return pattern.sub(lambda match: corrections[match.group(0).lower()], text)
