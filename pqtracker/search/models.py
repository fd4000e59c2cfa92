"""The search index (one table per engine), users' saved searches, and near-duplicates flagged
at intake.

Each engine keeps its own index table, created by migration 0001 only on that engine:
PostgreSQL a ``SearchDocument`` row with a weighted tsvector (GIN-indexed), SQLite an FTS5
virtual table, read here through the unmanaged ``FtsEntry``. Neither is a Django foreign key
with cascade in Python (the other engine has no such table for the collector to query): the
database itself removes an entry when its question goes (PostgreSQL ON DELETE CASCADE, SQLite a
trigger). See docs/adr/0003-search-backends.md.
"""

from __future__ import annotations

import hashlib
from typing import Any
from urllib.parse import parse_qs, parse_qsl, urlencode

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import Lookup
from django.http import QueryDict
from django.urls import reverse
from django.utils import timezone

from pqtracker.parliament.models import QuestionStatus, WrittenQuestion

FTS_TABLE = "search_questionfts"


class SearchDocument(models.Model):
    """PostgreSQL only: a question's heading (A), question (B), answer (C) and the names of who
    asked and who answered (D) as a tsvector."""

    question = models.OneToOneField(
        WrittenQuestion,
        primary_key=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="search_document",
    )
    vector = SearchVectorField()

    class Meta:
        managed = True

    def __str__(self) -> str:
        return f"Search document for {self.question_id}"


class PhrasePairs(models.Model):
    """PostgreSQL only: hashes of a document's adjacent lexeme pairs ("special educ", "educ
    need"), GIN-indexed, so a phrase's matches are found through its pairs instead of by reading
    every document that holds all its words (GIN keeps no word positions).

    Written with the vector, from it, by the database's ``search_adjacent_pairs()`` (migration
    0003), so the two never disagree. A table of its own, so that the document's row, which
    every search reads, stays as it was: as a column there the pairs pushed more vectors out to
    the TOAST table.
    """

    question = models.OneToOneField(
        WrittenQuestion,
        primary_key=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="phrase_pairs",
    )
    pairs = ArrayField(models.IntegerField(), default=list)

    class Meta:
        managed = True

    def __str__(self) -> str:
        return f"Phrase pairs for {self.question_id}"


class PendingIndex(models.Model):
    """A question a large write left for the index worker (``index.index_pending``).

    Written in the same transaction as the question, so a question is never changed without
    either its index entry or one of these rows (ADR 3). ``queued_at`` is rewritten whenever the
    question is queued again: on PostgreSQL that write waits for a worker holding the row, so
    the worker cannot delete a row queued after it read the question.
    """

    question = models.OneToOneField(
        WrittenQuestion,
        primary_key=True,
        on_delete=models.CASCADE,
        # No constraint: checking one at commit for each row queued would cost the import more
        # than the row itself; a question is never deleted by the importer.
        db_constraint=False,
        related_name="pending_index",
    )
    queued_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"Index pending for {self.question_id}"


class FtsMatchField(models.TextField):
    """The FTS5 table's hidden column named after the table, the left side of MATCH."""


@FtsMatchField.register_lookup
class FtsMatch(Lookup):
    lookup_name = "match"

    def as_sql(self, compiler: Any, connection: Any) -> tuple[str, list[Any]]:
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"{lhs} MATCH {rhs}", [*lhs_params, *rhs_params]


class FtsEntry(models.Model):
    """SQLite only: a row of the FTS5 table; its rowid is the question's id."""

    question = models.OneToOneField(
        WrittenQuestion,
        primary_key=True,
        db_column="rowid",
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="fts_entry",
    )
    document = FtsMatchField(db_column=FTS_TABLE)
    heading = models.TextField()
    question_text = models.TextField(db_column="question")
    answer_text = models.TextField(db_column="answer")
    asked_by = models.TextField()
    answered_by = models.TextField()

    class Meta:
        managed = False
        db_table = FTS_TABLE

    def __str__(self) -> str:
        return f"FTS entry for {self.question_id}"


class SavedSearchQuerySet(models.QuerySet["SavedSearch"]):
    def owned_by(self, user: Any) -> SavedSearchQuerySet:
        return self.filter(user=user)


class SavedSearch(models.Model):
    """A search a user wants to run again, and be told about daily when new questions match."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="saved_searches"
    )
    name = models.CharField(max_length=120)
    query_string = models.TextField(
        help_text="The search page's query string, without page or format"
    )
    created_at = models.DateTimeField(default=timezone.now)
    last_alerted_at = models.DateTimeField(
        default=timezone.now, help_text="Alerts report questions written after this moment"
    )
    last_emailed_at = models.DateTimeField(
        null=True, blank=True, help_text="When an alert email last listed this search's matches"
    )
    # What the search looks for, as a fixed-length key: the query string itself can be longer
    # than a PostgreSQL index entry may be, and the same search saved twice is refused.
    query_key = models.CharField(max_length=64, editable=False)

    objects = SavedSearchQuerySet.as_manager()

    class Meta:
        ordering = ["user", "name", "id"]
        indexes = [models.Index(fields=["user", "name"], name="saved_search_user_name")]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "query_key"], name="saved_search_unique_per_user"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.query_key = self.key_for(self.query_string)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return f"{reverse('search:search')}?{self.query_string}"

    @staticmethod
    def key_for(query_string: str) -> str:
        """The same for two query strings that find the same questions: the order of the
        parameters and empty ones do not matter. (Migration 0007 holds a copy.)"""
        pairs = sorted((k, v) for k, v in parse_qsl(query_string) if v)
        return hashlib.sha256(urlencode(pairs).encode()).hexdigest()

    @property
    def params(self) -> dict[str, list[str]]:
        return parse_qs(self.query_string, keep_blank_values=False)

    def params_for_form(self) -> QueryDict:
        return QueryDict(self.query_string)

    @property
    def text(self) -> str:
        return (self.params.get("q") or [""])[0]

    @staticmethod
    def clean_query_string(pairs: list[tuple[str, str]]) -> str:
        """What to keep of a search URL: everything that says what to find, not where we were."""
        return urlencode(
            [(k, v) for k, v in pairs if k not in {"page", "format", "csrfmiddlewaretoken"} and v]
        )


class NearDuplicateQuerySet(models.QuerySet["NearDuplicate"]):
    def flagged_among(self, question_ids: list[int]) -> set[int]:
        """Which of these questions are flagged and still to be answered (the flag is for
        whoever answers it): one query for a page of results."""
        if not question_ids:
            return set()
        return set(
            self.filter(
                question_id__in=question_ids,
                question__status__in=[QuestionStatus.UNANSWERED, QuestionStatus.HOLDING],
            )
            .order_by()
            .values_list("question_id", flat=True)
            .distinct()
        )


class NearDuplicate(models.Model):
    """At intake, ``question`` was found to be very like ``duplicate_of``, tabled in the three
    months before it. Written only by ``search.intake.flag_near_duplicates``."""

    question = models.ForeignKey(
        WrittenQuestion, on_delete=models.CASCADE, related_name="near_duplicate_flags"
    )
    duplicate_of = models.ForeignKey(WrittenQuestion, on_delete=models.CASCADE, related_name="+")
    similarity = models.FloatField(help_text="Word-set (Jaccard) similarity, 0 to 1")
    found_at = models.DateTimeField(default=timezone.now)

    objects = NearDuplicateQuerySet.as_manager()

    class Meta:
        ordering = ["question", "-similarity", "duplicate_of"]
        constraints = [
            models.UniqueConstraint(
                fields=["question", "duplicate_of"], name="near_duplicate_unique_pair"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.question} may duplicate {self.duplicate_of}"


class SearchWord(models.Model):
    """A word of the public record as written (not stemmed), with how many questions use it:
    the vocabulary "Did you mean" corrects a misspelt word from. Both engines keep only
    stemmed terms, which are not words to offer anyone. Written only by
    ``search.vocabulary.refresh_vocabulary``; read by first letter and length, so a
    suggestion compares a word with a few thousand others at most, never the whole table."""

    word = models.CharField(max_length=40, primary_key=True)
    initial = models.CharField(max_length=1)
    length = models.PositiveSmallIntegerField()
    documents = models.PositiveIntegerField()

    class Meta:
        indexes = [models.Index(fields=["initial", "length"], name="search_word_initial_length")]

    def __str__(self) -> str:
        return self.word
