from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Case, F, Q, Value, When
from django.db.models.functions import Coalesce, Length, Upper
from django.utils import timezone

from pqtracker.calendar import deadlines
from pqtracker.parliament.models.history import QuestionChange
from pqtracker.parliament.models.members import AnsweringBody, House, Member
from pqtracker.web.addresses import address_of

# Demo data's invented questions take Parliament ids from here up (real ids are about 2 million).
DEMO_ID_BASE = 900_000_000
OFFICIAL_QUESTION_URL = (
    "https://questions-statements.parliament.uk/written-questions/detail/{date}/{uin}"
)


class QuestionStatus(models.TextChoices):
    UNANSWERED = "unanswered", "Unanswered"
    HOLDING = "holding", "Holding answer"
    ANSWERED = "answered", "Answered"
    CORRECTED = "corrected", "Corrected"
    WITHDRAWN = "withdrawn", "Withdrawn"


# Questions still waiting for a (full) answer.
OPEN_STATUSES = (QuestionStatus.UNANSWERED.value, QuestionStatus.HOLDING.value)


class QuestionSource(models.TextChoices):
    API = "api", "Parliament API"
    PAGE = "page", "Web page"
    DEMO = "demo", "Demo data"


def _question_change_queryset() -> models.QuerySet:
    return QuestionChange.objects.order_by("changed_at", "id")


class WrittenQuestionQuerySet(models.QuerySet["WrittenQuestion"]):
    def for_listing(self) -> WrittenQuestionQuerySet:
        return self.select_related("asking_member", "answering_body")

    def for_department(self) -> WrittenQuestionQuerySet:
        return self.filter(answering_body__parliament_id__in=settings.DEPARTMENT_ANSWERING_BODY_IDS)

    def with_uin(self, uin: str) -> WrittenQuestionQuerySet:
        """Any case, any House or session. ``UPPER(uin)`` is indexed (question_uin_upper):
        ``iexact`` compiles to ``UPPER(...) = UPPER(%s)`` or ``LIKE``, which no index serves."""
        return self.alias(uin_upper=Upper("uin")).filter(uin_upper=uin.strip().upper())

    def in_house(self, house: str) -> WrittenQuestionQuerySet:
        return self.filter(house=house)

    def with_status(self, status: str) -> WrittenQuestionQuerySet:
        return self.filter(status=status)

    def named_day(self, is_named_day: bool = True) -> WrittenQuestionQuerySet:
        return self.filter(is_named_day=is_named_day)

    def tabled_between(
        self, start: datetime.date | None = None, end: datetime.date | None = None
    ) -> WrittenQuestionQuerySet:
        """Both ends inclusive, as Parliament's own date filters are; either may be open."""
        queryset = self
        if start is not None:
            queryset = queryset.filter(date_tabled__gte=start)
        if end is not None:
            queryset = queryset.filter(date_tabled__lte=end)
        return queryset

    def for_detail(self) -> WrittenQuestionQuerySet:
        """Everything the question page shows, in a fixed number of queries."""
        return self.select_related(
            "asking_member", "answering_body", "answering_member"
        ).prefetch_related(
            models.Prefetch(
                "answers",
                queryset=Answer.objects.select_related("answering_member", "correcting_member")
                .prefetch_related("attachments")
                .order_by("recorded_at", "id"),
            ),
            models.Prefetch(
                "group_links", queryset=QuestionGroupLink.objects.select_related("grouped_question")
            ),
            models.Prefetch("changes", queryset=_question_change_queryset()),
        )

    def lookup(
        self, *, house: str, uin: str, date_tabled: datetime.date
    ) -> WrittenQuestionQuerySet:
        """The way grouped questions and official URLs refer to a question. Not unique across
        sessions in principle, so callers decide what to do with more than one row."""
        return self.filter(house=house, uin=uin, date_tabled=date_tabled)


class WrittenQuestion(models.Model):
    """A written question as Parliament publishes it.

    Identity is Parliament's API ``id`` (``parliament_id``): UINs are reused across sessions, and
    even the tabled date has been seen to move. Questions read from a web page have no API id
    until the importer meets them, so the field is nullable and unique when set.
    """

    parliament_id = models.PositiveBigIntegerField(
        "Parliament id",
        unique=True,
        null=True,
        blank=True,
        help_text="The Written Questions API id",
    )
    source = models.CharField(
        max_length=10, choices=QuestionSource.choices, default=QuestionSource.API
    )
    uin = models.CharField("UIN", max_length=20)
    house = models.CharField(max_length=10, choices=House.choices)
    session = models.CharField(
        max_length=10, blank=True, help_text='Parliamentary session, e.g. "2021-22"'
    )
    date_tabled = models.DateField()
    date_for_answer = models.DateField(null=True, blank=True)
    is_named_day = models.BooleanField("named day", default=False)
    heading = models.CharField(max_length=255, blank=True)
    question_text = models.TextField()
    asking_member = models.ForeignKey(
        Member, null=True, blank=True, on_delete=models.PROTECT, related_name="questions_asked"
    )
    answering_body = models.ForeignKey(
        AnsweringBody,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="questions",
        # question_body_tabled leads with it: a second index would only cost every insert.
        db_index=False,
    )
    member_has_interest = models.BooleanField(default=False)
    is_withdrawn = models.BooleanField("withdrawn", default=False)
    # Denormalised from the current answer (kept by the services that write answers) so that the
    # list, filters and sorts at a million rows need no join.
    status = models.CharField(
        max_length=12, choices=QuestionStatus.choices, default=QuestionStatus.UNANSWERED
    )
    date_answered = models.DateField(null=True, blank=True)
    answering_member = models.ForeignKey(
        Member, null=True, blank=True, on_delete=models.PROTECT, related_name="questions_answered"
    )
    # Derived from the fields above by calendar.deadlines at every write (deadline_values), so the
    # on-time statistics over a million questions are one GROUP BY with no date arithmetic.
    on_time_by = models.DateField(
        "on time by", null=True, blank=True, help_text="Last day an answer counts as on time"
    )
    answered_on_time = models.BooleanField(
        null=True, blank=True, help_text="Empty until substantively answered"
    )
    answer_working_days = models.SmallIntegerField(
        null=True, blank=True, help_text="Working days from tabling to the substantive answer"
    )
    # The due-date order's first key (filters.SORTS["due"]): open questions first, and within
    # open and closed those without a date for answer last. Computed by the database (a stored
    # generated column), so no write path (the import's bulk SQL, another app's update) can
    # leave it out of step; with question_due_order the sort is an index walk, where ordering
    # by the CASE itself sorted every row.
    due_order = models.GeneratedField(
        expression=Case(
            When(status__in=OPEN_STATUSES, date_for_answer__isnull=False, then=Value(0)),
            When(status__in=OPEN_STATUSES, then=Value(1)),
            When(date_for_answer__isnull=False, then=Value(2)),
            default=Value(3),
        ),
        output_field=models.SmallIntegerField(),
        db_persist=True,
    )
    first_seen_at = models.DateTimeField(auto_now_add=True)
    last_seen_at = models.DateTimeField(
        null=True, blank=True, help_text="Last seen in an API listing"
    )
    missing_since = models.DateTimeField(
        null=True, blank=True, help_text="First import run that no longer found it"
    )
    # What the bulk listing last showed (a hash of the preview): an unchanged fingerprint spares the
    # importer a detail request per item.
    listing_fingerprint = models.CharField(max_length=128, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = WrittenQuestionQuerySet.as_manager()

    class Meta:
        ordering = ["-date_tabled", "-id"]
        indexes = [
            # How grouped questions and official URLs name a question; not unique (UIN reuse).
            # UIN first, so that one index serves a UIN alone as well as all three.
            models.Index(fields=["uin", "house", "date_tabled"], name="question_uin_house_tabled"),
            models.Index(fields=["-date_tabled", "-id"], name="question_tabled_desc"),
            models.Index(fields=["date_for_answer"], name="question_due"),
            models.Index(fields=["status", "-date_tabled"], name="question_status_tabled"),
            models.Index(fields=["answering_body", "-date_tabled"], name="question_body_tabled"),
            # The deadlines dashboard: open questions by the day they are due, soonest first.
            models.Index(
                Coalesce("date_for_answer", "on_time_by"),
                condition=Q(status__in=["unanswered", "holding"], is_withdrawn=False),
                name="question_open_due",
            ),
            # The list's filters and sorts at a million rows (migration 0005 says why each).
            models.Index(Upper("uin"), name="question_uin_upper"),
            models.Index(
                F("house"),
                Length("uin"),
                F("uin"),
                F("date_tabled").desc(),
                F("id").desc(),
                name="question_uin_sort",
            ),
            models.Index(
                fields=["-date_tabled", "-id"],
                condition=Q(is_named_day=True),
                name="question_named_day_tabled",
            ),
            models.Index(
                fields=["answering_body", "status", "-date_tabled", "-id"],
                name="question_body_status_tabled",
            ),
            models.Index(fields=["due_order", "date_for_answer", "-id"], name="question_due_order"),
            # Also question_answered_desc, (date_answered DESC NULLS LAST, date_tabled DESC,
            # id DESC): written by migration 0005 per engine, as SQLite's CREATE INDEX has no
            # NULLS LAST (its DESC puts them last already).
        ]

    def __str__(self) -> str:
        return f"{self.get_house_display()} {self.uin} ({self.date_tabled:%d %b %Y})"

    def get_absolute_url(self) -> str:
        # Every list row links its question: the address is reversed once, not once a row.
        return address_of("parliament:question-detail", self.pk)

    @property
    def official_url(self) -> str:
        return OFFICIAL_QUESTION_URL.format(date=self.date_tabled.isoformat(), uin=self.uin)

    @property
    def is_on_parliament_website(self) -> bool:
        """False for invented demo questions (demo data gives them ids from DEMO_ID_BASE up); the
        seed question is real and demo data leaves its id empty."""
        invented = self.source == QuestionSource.DEMO and (self.parliament_id or 0) >= DEMO_ID_BASE
        return not invented

    @property
    def title(self) -> str:
        return self.title_for(self.heading)

    @staticmethod
    def title_for(heading: str) -> str:
        """The title of a question with this heading (for lists that read only the column)."""
        return heading or "Heading not yet published"

    @property
    def question_type(self) -> deadlines.QuestionType:
        return deadlines.question_type(house=self.house, is_named_day=self.is_named_day)

    @property
    def due_date(self) -> datetime.date | None:
        return deadlines.due_date(
            house=self.house,
            is_named_day=self.is_named_day,
            date_tabled=self.date_tabled,
            date_for_answer=self.date_for_answer,
        )

    def deadline_state(self, today: datetime.date | None = None) -> deadlines.DeadlineState | None:
        return deadlines.deadline_state(
            due=self.due_date,
            on_time_by=self.on_time_by,
            answered_on_time=self.answered_on_time,
            is_open=self.status in (QuestionStatus.UNANSWERED, QuestionStatus.HOLDING),
            today=today or timezone.localdate(),
        )

    def deadline_values(
        self, *, status: str, date_answered: datetime.date | None
    ) -> dict[str, object]:
        """``on_time_by``, ``answered_on_time`` and ``answer_working_days`` for this question
        with the given answer state: the write paths store them beside the status."""
        by = deadlines.on_time_by(
            house=self.house,
            is_named_day=self.is_named_day,
            date_tabled=self.date_tabled,
            date_for_answer=self.date_for_answer,
        )
        answered = status in (QuestionStatus.ANSWERED, QuestionStatus.CORRECTED)
        return {
            "on_time_by": by,
            "answered_on_time": deadlines.answered_on_time(
                deadline=by, date_answered=date_answered, is_answered=answered
            ),
            "answer_working_days": deadlines.working_days_taken(self.date_tabled, date_answered)
            if answered
            else None,
        }

    def derive_status(self, current_answer: Answer | None) -> QuestionStatus:
        if self.is_withdrawn:
            return QuestionStatus.WITHDRAWN
        if current_answer is None:
            return QuestionStatus.UNANSWERED
        if current_answer.is_correction:
            return QuestionStatus.CORRECTED
        if current_answer.is_holding:
            return QuestionStatus.HOLDING
        return QuestionStatus.ANSWERED

    @property
    def current_answer(self) -> Answer | None:
        # Uses the prefetch cache when a view has prefetched answers.
        for answer in self.answers.all():
            if answer.is_current:
                return answer
        return None

    def grouped_questions(self) -> list[tuple[QuestionGroupLink, WrittenQuestion | None]]:
        """Each grouped UIN with the question we hold for it, if any."""
        return [
            (link, link.grouped_question)
            for link in self.group_links.select_related("grouped_question")
        ]


class Answer(models.Model):
    """One version of the answer to a question.

    Parliament replaces answer text in place (holding → substantive → correction). We keep every
    version: the current one has ``is_current``; earlier ones are superseded, never deleted.
    """

    question = models.ForeignKey(WrittenQuestion, on_delete=models.CASCADE, related_name="answers")
    is_current = models.BooleanField(default=True)
    is_holding = models.BooleanField("holding answer", default=False)
    is_correction = models.BooleanField("correction", default=False)
    answer_html = models.TextField(blank=True, help_text="Sanitised HTML, safe to display")
    answer_text = models.TextField(
        blank=True, help_text="Normalised plain text for search and snippets"
    )
    answering_member = models.ForeignKey(
        Member, null=True, blank=True, on_delete=models.PROTECT, related_name="answers_given"
    )
    date_answered = models.DateField(null=True, blank=True)
    date_holding_answer = models.DateField(null=True, blank=True)
    date_corrected = models.DateField(null=True, blank=True)
    correcting_member = models.ForeignKey(
        Member, null=True, blank=True, on_delete=models.PROTECT, related_name="corrections_made"
    )
    original_answer_html = models.TextField(
        blank=True, help_text="The answer as first given, before correction"
    )
    original_answer_text = models.TextField(blank=True)
    source_hash = models.CharField(
        max_length=64, blank=True, help_text="Hash of the source answer fields"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)
    superseded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["question", "recorded_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["question"],
                condition=Q(is_current=True),
                name="one_current_answer_per_question",
            ),
            models.CheckConstraint(
                condition=Q(is_current=True, superseded_at__isnull=True)
                | Q(is_current=False, superseded_at__isnull=False),
                name="answer_superseded_iff_not_current",
            ),
        ]

    def __str__(self) -> str:
        kind = (
            "Correction"
            if self.is_correction
            else "Holding answer"
            if self.is_holding
            else "Answer"
        )
        return f"{kind} to {self.question}"

    @property
    def kind_label(self) -> str:
        if self.is_correction:
            return "Corrected answer"
        if self.is_holding:
            return "Holding answer"
        return "Answer"


class AnswerAttachment(models.Model):
    answer = models.ForeignKey(Answer, on_delete=models.CASCADE, related_name="attachments")
    url = models.URLField(max_length=1000)
    title = models.CharField(max_length=500)
    file_type = models.CharField(max_length=50, blank=True)
    file_size_bytes = models.PositiveBigIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["answer", "id"]

    def __str__(self) -> str:
        return self.title


class QuestionGroupLink(models.Model):
    """Another question answered together with this one, as Parliament names it (UIN + date)."""

    question = models.ForeignKey(
        WrittenQuestion, on_delete=models.CASCADE, related_name="group_links"
    )
    uin = models.CharField("UIN", max_length=20)
    date_tabled = models.DateField(null=True, blank=True)
    grouped_question = models.ForeignKey(
        WrittenQuestion, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["question", "uin"]
        constraints = [
            models.UniqueConstraint(
                fields=["question", "uin", "date_tabled"], name="unique_group_link"
            )
        ]
        indexes = [
            # Each import looks up the links still waiting for the questions it has just written.
            models.Index(
                fields=["uin", "date_tabled"],
                condition=Q(grouped_question__isnull=True),
                name="group_link_unresolved",
            )
        ]

    def __str__(self) -> str:
        return f"{self.question.uin} grouped with {self.uin}"
