"""The public record in the admin: to look at, never to change.

The record changes only through the import path (``parliament.services``), which keeps the
change history, each question's status and the search index in step; an edit here would bypass
all three. So every page is read-only (``ReadOnlyAdmin``): no add, change or delete.
"""

from django.contrib import admin

from pqtracker.audit.admin import ReadOnlyAdmin, ReadOnlyStackedInline, ReadOnlyTabularInline
from pqtracker.parliament.models import (
    Answer,
    AnswerAttachment,
    AnsweringBody,
    GovernmentPost,
    ImportRun,
    Member,
    QuarantinedRecord,
    QuestionChange,
    QuestionGroupLink,
    WrittenQuestion,
)


class GovernmentPostInline(ReadOnlyTabularInline):
    model = GovernmentPost
    extra = 0
    autocomplete_fields = ["answering_body"]


@admin.register(Member)
class MemberAdmin(ReadOnlyAdmin):
    list_display = ("name_display", "parliament_id", "party", "house", "membership_from")
    list_filter = ("house", "party")
    search_fields = ("name_display", "name_list", "parliament_id")
    inlines = [GovernmentPostInline]


@admin.register(AnsweringBody)
class AnsweringBodyAdmin(ReadOnlyAdmin):
    list_display = ("name", "parliament_id", "short_name")
    search_fields = ("name", "short_name")


@admin.register(GovernmentPost)
class GovernmentPostAdmin(ReadOnlyAdmin):
    list_display = ("member", "name", "answering_body", "start_date", "end_date")
    list_filter = ("answering_body",)
    search_fields = ("member__name_display", "name")
    autocomplete_fields = ["member", "answering_body"]


# Answer HTML is shown on question pages as it is stored: it may only come in through the
# importers' sanitiser, never be typed into the admin.
ANSWER_READONLY = (
    "answer_html",
    "original_answer_html",
    "recorded_at",
    "superseded_at",
    "source_hash",
)


class AnswerInline(ReadOnlyStackedInline):
    model = Answer
    extra = 0
    fk_name = "question"
    autocomplete_fields = ["answering_member", "correcting_member"]
    readonly_fields = ANSWER_READONLY


class QuestionGroupLinkInline(ReadOnlyTabularInline):
    model = QuestionGroupLink
    fk_name = "question"
    extra = 0
    raw_id_fields = ["grouped_question"]


class QuestionChangeInline(ReadOnlyTabularInline):
    model = QuestionChange
    extra = 0
    readonly_fields = ("field", "old_value", "new_value", "changed_at", "source", "import_run")


@admin.register(WrittenQuestion)
class WrittenQuestionAdmin(ReadOnlyAdmin):
    list_display = (
        "uin",
        "house",
        "date_tabled",
        "heading",
        "answering_body",
        "status",
        "is_named_day",
    )
    list_filter = ("house", "status", "is_named_day", "source", "answering_body")
    search_fields = ("uin", "heading", "parliament_id")
    date_hierarchy = "date_tabled"
    autocomplete_fields = ["asking_member", "answering_member", "answering_body"]
    readonly_fields = ("first_seen_at", "last_seen_at", "missing_since", "updated_at")
    inlines = [AnswerInline, QuestionGroupLinkInline, QuestionChangeInline]


@admin.register(Answer)
class AnswerAdmin(ReadOnlyAdmin):
    list_display = ("question", "is_current", "is_holding", "is_correction", "date_answered")
    list_filter = ("is_current", "is_holding", "is_correction")
    raw_id_fields = ["question"]
    autocomplete_fields = ["answering_member", "correcting_member"]
    readonly_fields = ANSWER_READONLY


@admin.register(AnswerAttachment)
class AnswerAttachmentAdmin(ReadOnlyAdmin):
    list_display = ("title", "answer", "file_type", "file_size_bytes")
    raw_id_fields = ["answer"]


@admin.register(QuestionGroupLink)
class QuestionGroupLinkAdmin(ReadOnlyAdmin):
    list_display = ("question", "uin", "date_tabled", "grouped_question")
    raw_id_fields = ["question", "grouped_question"]


@admin.register(QuestionChange)
class QuestionChangeAdmin(ReadOnlyAdmin):
    list_display = ("question", "field", "changed_at", "source", "import_run")
    list_filter = ("field", "source")
    raw_id_fields = ["question", "import_run"]


@admin.register(ImportRun)
class ImportRunAdmin(ReadOnlyAdmin):
    list_display = (
        "id",
        "kind",
        "status",
        "created_at",
        "finished_at",
        "new_count",
        "updated_count",
        "failed_count",
    )
    list_filter = ("kind", "status")


@admin.register(QuarantinedRecord)
class QuarantinedRecordAdmin(ReadOnlyAdmin):
    list_display = ("parliament_id", "import_run", "created_at", "resolved_at")
    raw_id_fields = ["import_run"]
