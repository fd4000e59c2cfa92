"""Searching the public record: full-text with filters, similar questions, near-duplicates at
intake, and saved searches with their daily alerts."""

from __future__ import annotations

import datetime
import math
import re
from collections import Counter
from dataclasses import dataclass, field, replace
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Q, QuerySet, prefetch_related_objects
from django.urls import reverse

from pqtracker.parliament import generation
from pqtracker.parliament.filters import SORTS as QUESTION_SORTS
from pqtracker.parliament.filters import QuestionCriteria, filter_questions, sort_questions
from pqtracker.parliament.models import Answer, House, QuestionStatus, WrittenQuestion
from pqtracker.parliament.models.questions import WrittenQuestionQuerySet
from pqtracker.parliament.pagination import Rows
from pqtracker.search.backends import Snippet, get_backend
from pqtracker.search.models import SavedSearch
from pqtracker.search.query import STOP_WORDS, ParsedQuery, relaxed

RELEVANCE = "relevance"
# The search page's orders: the question list's, and (with words to rank by) relevance first.
SORTS = {RELEVANCE: "Most relevant"} | {key: label for key, (label, _o) in QUESTION_SORTS.items()}


@dataclass(frozen=True)
class Criteria(QuestionCriteria):
    """What to look for: the question list's criteria, and the parsed text (or none).

    ``sort`` may also be ``RELEVANCE`` (best match first; newest tabled when there is no text).
    """

    query: ParsedQuery | None = None
    sort: str = RELEVANCE
    changed_since: datetime.datetime | None = field(default=None, compare=False)


def _filtered(criteria: Criteria) -> WrittenQuestionQuerySet:
    questions = filter_questions(WrittenQuestion.objects.for_listing(), criteria)
    if criteria.changed_since is not None:
        new_answer = Answer.objects.filter(
            question=OuterRef("pk"), recorded_at__gt=criteria.changed_since
        )
        questions = questions.filter(
            Q(first_seen_at__gt=criteria.changed_since) | Exists(new_answer)
        )
    return questions


def search_questions(criteria: Criteria) -> QuerySet[WrittenQuestion]:
    """Every question matching ``criteria``, best first (or in the chosen order)."""
    questions = _filtered(criteria)
    if criteria.query is None:
        return sort_questions(questions, criteria.sort)
    matched = get_backend().match(questions, criteria.query)
    if criteria.sort != RELEVANCE:
        return sort_questions(matched, criteria.sort)
    return matched.order_by("-search_rank", "-date_tabled", "-id")


# Ranking every match of a very common word ("school" is in a third of all questions) costs
# time in proportion to the matches. Past this many, relevance ranks the most recent matches
# (by record id, which follows the order questions reached us) and the page says how many.
RANK_WINDOW = 2_000


class RankedQuestions:
    """Question ids in rank order, paged like a queryset: a page's rows are fetched by id."""

    def __init__(self, ids: list[int]) -> None:
        self.ids = ids

    def __len__(self) -> int:
        return len(self.ids)

    def count(self) -> int:
        return len(self.ids)

    def __getitem__(self, index: slice) -> Rows:
        # Read when shown: a page whose rendering is kept never reads its rows (ADR 19).
        return Rows(self.ids[index], _result_rows)


def _result_rows(ids: list[int]) -> dict[int, WrittenQuestion]:
    rows = WrittenQuestion.objects.for_listing().in_bulk(ids)
    # One query for the page's ministers, shown with each answer ("answered by …").
    prefetch_related_objects(list(rows.values()), "answering_member")
    return rows


@dataclass(frozen=True)
class SearchResults:
    questions: QuerySet[WrittenQuestion] | RankedQuestions
    count: int  # exact, unless ``capped``: then at least this many
    capped: bool = False
    # No question held every word, so these hold some of them (see ``search``).
    relaxed_query: ParsedQuery | None = None


def search(criteria: Criteria, *, window: int = RANK_WINDOW) -> SearchResults:
    """What the search page shows: the questions in order and how many there are.

    For relevance, one pass over at most ``window`` + 1 matches, newest first in the engine's
    own id order (so the engine stops early however common the words), reads each match's rank
    and tabled date; ordering those few thousand pairs is then done here, not by the database.

    When no question holds every word, the questions holding some of them (``some_words``).

    A ranking (words, by relevance) is kept by the process while the record is unchanged
    (``parliament.generation``): the same words and filters are asked for again and again.
    """
    if criteria.query is None or criteria.sort != RELEVANCE or criteria.changed_since:
        return _search_with_some_words(criteria, window)
    return _RANKINGS.get(
        ("search", criteria, window), lambda: _search_with_some_words(criteria, window)
    )


# Rankings kept (a few thousand ids and a count each: about 20 kB for the largest), and the
# snippets of the pages of results shown.
_RANKINGS = generation.Kept("search rankings", size=512)


def newest_question_ids(limit: int) -> list[int]:
    """The most recently tabled questions (the search page before anything is asked)."""
    newest = WrittenQuestion.objects.order_by("-date_tabled", "-id").values_list("pk", flat=True)
    return _RANKINGS.get(("newest", limit), lambda: list(newest[:limit]))


def _search_with_some_words(criteria: Criteria, window: int) -> SearchResults:
    found = _search(criteria, window)
    if found.count or criteria.query is None or _filters_emptied(criteria):
        return found
    loose = some_words(criteria)
    if loose is None or loose.query is None:
        return found
    found = _search(loose, min(window, SOME_WORDS_WINDOW))
    if isinstance(found.questions, RankedQuestions):
        ids = _most_words_first(found.questions.ids, criteria.query, loose.query)
        found = replace(found, questions=RankedQuestions(ids))
    return replace(found, relaxed_query=loose.query)


# A search for any of the words often matches a common one thousands of times; ranking the
# newest 500 of those (the page says "more than") keeps this second search about as quick as
# the first.
SOME_WORDS_WINDOW = 500
# Of the questions holding some of the words, those holding more of them come first: counted
# for this many of the best ranked (one lookup among their ids), the rest keep rank order.
MOST_WORDS_FIRST = 200


def _most_words_first(ids: list[int], query: ParsedQuery, loose: ParsedQuery) -> list[int]:
    """``ids`` (in rank order) with those holding more of ``query``'s words first.

    A rank sums what each word adds, so one word many times in a heading can outrank two of
    the words in an answer; a person who typed both wants the second first.
    """
    head, tail = ids[:MOST_WORDS_FIRST], ids[MOST_WORDS_FIRST:]
    searched = set(loose.positive[0].alternatives)
    held: Counter[int] = Counter()
    # Words nearly every question uses were left out of the loose search: not counted either.
    counted = [c for c in query.positive if not searched.isdisjoint(c.alternatives)]
    for found in get_backend().holding(head, [ParsedQuery((clause,)) for clause in counted]):
        held.update(found)
    place = {pk: n for n, pk in enumerate(head)}
    return sorted(head, key=lambda pk: (-held[pk], place[pk])) + tail


def _filters_emptied(criteria: Criteria) -> bool:
    """Whether questions hold every word and the filters left none of them.

    Then the answer is none: the questions holding only some of the words would widen what the
    filters narrowed (one match, a status filter added, seventeen).
    """
    assert criteria.query is not None
    return get_backend().match(WrittenQuestion.objects.all(), criteria.query).exists()


def some_words(criteria: Criteria) -> Criteria | None:
    """The same search with any one of its words enough, exclusions and filters kept; None when
    that is the same search.

    For when nothing holds every word (a long or natural-language search, "how many EHC plans
    were issued within 20 weeks"): the search page and its export show these, and say so,
    rather than nothing. Saved-search alerts keep every word.
    """
    query = criteria.query and relaxed(criteria.query, ignore=BOILERPLATE)
    return replace(criteria, query=query) if query else None


def questions_to_export(criteria: Criteria) -> QuerySet[WrittenQuestion]:
    """Every question the search page lists for ``criteria`` (not just the ranked window)."""
    questions = search_questions(criteria)
    loose = (
        None
        if criteria.query is None or questions.exists() or _filters_emptied(criteria)
        else some_words(criteria)
    )
    return questions if loose is None else search_questions(loose)


def _search(criteria: Criteria, window: int) -> SearchResults:
    if criteria.query is None or criteria.sort != RELEVANCE:
        questions = search_questions(criteria)
        return SearchResults(questions, questions.count())
    return _ranked(criteria, window)


def _ranked(criteria: Criteria, window: int) -> SearchResults:
    assert criteria.query is not None
    backend = get_backend()
    questions = _filtered(criteria)
    matched = backend.match(questions, criteria.query)
    id_field = backend.newest_first.lstrip("-")
    newest = matched.order_by(backend.newest_first).values_list(
        id_field, "search_rank", "date_tabled"
    )
    # Any condition on the questions themselves (read from the query, so a new filter counts).
    filtered = bool(questions.query.where)
    rows = backend.newest(newest, criteria.query, window + 1, filtered=filtered)
    capped = len(rows) > window
    rows = rows[:window]
    # The same order as search_questions(): rank, then the newer question, then the higher id.
    rows.sort(key=lambda row: (row[1], row[2], row[0]), reverse=True)
    return SearchResults(RankedQuestions([row[0] for row in rows]), len(rows), capped=capped)


def snippets_for(questions: list[WrittenQuestion], query: ParsedQuery | None) -> dict[int, Snippet]:
    """Highlighted passages for one page of results (never computed for the whole match set)."""
    if query is None or not questions:
        return {}
    ids = tuple(q.pk for q in questions)
    # Kept with the ranking they go with: the page of results asked for again.
    return _RANKINGS.get(("snippets", ids, query), lambda: get_backend().snippets(ids, query))


def questions_with_uin(uin: str) -> QuerySet[WrittenQuestion]:
    return WrittenQuestion.objects.for_listing().with_uin(uin).order_by("-date_tabled", "-id")


# --- Similar questions and near-duplicates ---------------------------------------------------

# Words every written question uses ("To ask the Secretary of State for Education, what steps
# ..."), which say nothing about what it is about.
BOILERPLATE = frozenset(
    """ask asked secretary state department departments minister ministers government majesty steps
    step taking take taken make made whether assessment assessed potential merits plans plan
    number many much what which estimate estimated information available latest period year
    years last recent recently provide provided including included hon member answer answers
    question questions given give policy policies since discussions held regard regarding ensure
    ensuring effect effects help helping support supporting""".split()  # noqa: SIM905 - a word list reads best as text
)
CANDIDATES = 50
MIN_SIMILARITY = 0.1
NEAR_DUPLICATE_SIMILARITY = 0.6
NEAR_DUPLICATE_WINDOW = datetime.timedelta(days=92)


# "To ask the Secretary of State for Education, ..." / "To ask His Majesty's Government what ...":
# who is asked says nothing about the topic, and would make every DfE question alike.
_ADDRESS = re.compile(
    r"\bto ask (?:the [^,]*?,|his majesty's government|her majesty's government)", re.IGNORECASE
)


def content_words(text: str) -> set[str]:
    words = re.findall(r"\w+", _ADDRESS.sub(" ", text).lower())
    return {
        w
        for w in words
        if len(w) > 2 and w not in STOP_WORDS and w not in BOILERPLATE and not w.isdigit()
    }


def _similarity(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


# A question's similar questions are found through its rarest words, never by ranking every
# document holding any of its words (one common word made that ~960,000 documents at a million
# questions). Up to DISTINCT_WORDS of its words are looked up, each list read only up to
# POSTINGS_CAP entries: a word in more documents than that says little about the topic and is
# dropped. Of the rest, the RAREST_WORDS held by fewest documents score the questions holding
# them (rarer words weigh more); those of the SCORED best that pass the filter are compared
# word set to word set. Every step is bounded whatever the size of the record.
DISTINCT_WORDS = 12
POSTINGS_CAP = 1_000
RAREST_WORDS = 6
SCORED = 150
# Words found common, remembered by each process so that their lists are not read again (a
# word's commonness changes slowly; a bounded set, emptied when full).
_COMMON: set[str] = set()
_COMMON_REMEMBERED = 50_000


def _distinctive_words(question: WrittenQuestion) -> list[str]:
    ordered: list[str] = []
    text = _ADDRESS.sub(" ", f"{question.heading} {question.question_text}")
    for word in re.findall(r"\w+", text.lower()):
        if word in content_words(word) and word not in ordered:
            ordered.append(word)
    # Longer words are, on the whole, rarer in this corpus: prefer them when there are too many.
    return sorted(ordered, key=len, reverse=True)[:DISTINCT_WORDS]


def _scored_candidates(question: WrittenQuestion) -> list[int]:
    """Ids of the questions sharing the most of ``question``'s rarest words, best first."""
    words = [w for w in _distinctive_words(question) if w not in _COMMON]
    lists = get_backend().postings(words, POSTINGS_CAP)
    common = {word for word, ids in lists.items() if len(ids) > POSTINGS_CAP}
    if len(_COMMON) + len(common) > _COMMON_REMEMBERED:
        _COMMON.clear()
    _COMMON.update(common)
    rarest: list[list[int]] = []
    for ids in sorted((ids for ids in lists.values() if len(ids) <= POSTINGS_CAP), key=len):
        if ids not in rarest:  # two spellings of one stem (FTS5 stems, the words do not)
            rarest.append(ids)
    score: dict[int, float] = {}
    for ids in rarest[:RAREST_WORDS]:
        weight = math.log(1 + POSTINGS_CAP / len(ids))
        for pk in ids:
            score[pk] = score.get(pk, 0.0) + weight
    score.pop(question.pk, None)
    best = sorted(score.items(), key=lambda item: (-item[1], -item[0]))[:SCORED]
    return [pk for pk, _score in best]


@dataclass(frozen=True)
class SimilarQuestion:
    question: WrittenQuestion
    similarity: float


def _ranked_similar(
    question: WrittenQuestion, candidates: QuerySet[WrittenQuestion], limit: int
) -> list[SimilarQuestion]:
    ids = _scored_candidates(question)
    if not ids:
        return []
    # The candidates' words only (up to SCORED rows, no joins): building a model instance with
    # its joined rows for each of 150 candidates was most of the page's CPU.
    texts = candidates.filter(pk__in=ids).values_list(
        "pk", "date_tabled", "heading", "question_text"
    )
    own = content_words(f"{question.heading} {question.question_text}")
    scored = [
        (_similarity(own, content_words(f"{heading} {text}")), tabled, pk)
        for pk, tabled, heading, text in texts
    ]
    scored.sort(reverse=True)
    best = [(similarity, pk) for similarity, _tabled, pk in scored if similarity >= MIN_SIMILARITY]
    best = best[:limit]
    if not best:
        return []
    # Then the few shown, in one query with the rows the panel names (answering minister).
    rows = candidates.select_related("answering_member").in_bulk([pk for _s, pk in best])
    return [SimilarQuestion(rows[pk], similarity) for similarity, pk in best if pk in rows]


# A question's similar questions and near-duplicates, kept by the process while the record is
# unchanged (``parliament.generation``): a question is opened by everyone working on it.
_SIMILAR = generation.Kept("similar questions", size=2_000, shared=True)


def similar_questions(question: WrittenQuestion, limit: int = 5) -> list[SimilarQuestion]:
    """Earlier answered questions most like this one, for "has the minister said this before?"."""
    return _SIMILAR.get(
        ("similar", question.pk, limit), lambda: _similar_questions(question, limit)
    )


def _similar_questions(question: WrittenQuestion, limit: int) -> list[SimilarQuestion]:
    answered = WrittenQuestion.objects.for_listing().filter(
        date_tabled__lte=question.date_tabled,
        status__in=[QuestionStatus.ANSWERED, QuestionStatus.CORRECTED],
    )
    return _ranked_similar(question, answered, limit)


@dataclass(frozen=True)
class NearDuplicate:
    question: WrittenQuestion
    similarity: float
    referral_answer: str


def addressee(question: WrittenQuestion) -> str:
    """How a minister refers to the asking member in an answer."""
    if question.house != House.LORDS:
        return "hon. Member"
    name = question.asking_member.name_display if question.asking_member else ""
    for title, form in (
        ("Baroness", "noble Baroness"),
        ("Lady", "noble Lady"),
        ("Earl", "noble Earl"),
    ):
        if name.startswith(f"{title} ") or f" {title} " in f" {name} ":
            return form
    return "noble Lord"


# A holding answer promises an answer and a withdrawn question has none: neither is referred to.
REFERABLE = (QuestionStatus.ANSWERED, QuestionStatus.CORRECTED)


def referral_answer(question: WrittenQuestion, earlier: WrittenQuestion) -> str:
    if earlier.date_answered is None or earlier.status not in REFERABLE:
        return ""
    day = f"{earlier.date_answered.day} {earlier.date_answered:%B %Y}"
    who = addressee(question)
    return f"I refer the {who} to the answer I gave on {day} to Question {earlier.uin}."


def near_duplicates(question: WrittenQuestion, limit: int = 5) -> list[NearDuplicate]:
    """Questions tabled in the three months before this one with very similar text, by any
    member, each with a ready referral answer when it has been answered."""
    return _SIMILAR.get(
        ("near-duplicates", question.pk, limit), lambda: _near_duplicates(question, limit)
    )


def _near_duplicates(question: WrittenQuestion, limit: int) -> list[NearDuplicate]:
    recent = WrittenQuestion.objects.for_listing().filter(
        date_tabled__gte=question.date_tabled - NEAR_DUPLICATE_WINDOW,
        date_tabled__lte=question.date_tabled,
    )
    return [
        NearDuplicate(s.question, s.similarity, referral_answer(question, s.question))
        for s in _ranked_similar(question, recent, CANDIDATES)
        if s.similarity >= NEAR_DUPLICATE_SIMILARITY
    ][:limit]


# --- Saved searches and alerts ---------------------------------------------------------------


class DuplicateSavedSearch(Exception):
    """The user has already saved this search (``existing``)."""

    def __init__(self, existing: SavedSearch) -> None:
        super().__init__(f"You have already saved this search, as “{existing.name}”.")
        self.existing = existing


def save_search(*, user: Any, name: str, query_string: str) -> SavedSearch:
    """Save a search; raises ``DuplicateSavedSearch`` if the user already saved the same one
    (the database's unique key decides when two requests race)."""
    key = SavedSearch.key_for(query_string)
    existing = SavedSearch.objects.filter(user=user, query_key=key).first()
    if existing is None:
        try:
            with transaction.atomic():
                return SavedSearch.objects.create(
                    user=user, name=name.strip()[:120], query_string=query_string
                )
        except IntegrityError:
            existing = SavedSearch.objects.filter(user=user, query_key=key).first()
            if existing is None:
                raise
    raise DuplicateSavedSearch(existing)


@transaction.atomic
def delete_saved_search(*, saved_search: SavedSearch) -> None:
    saved_search.delete()


def saved_search_url(saved_search: SavedSearch) -> str:
    return f"{reverse('search:search')}?{saved_search.query_string}"
