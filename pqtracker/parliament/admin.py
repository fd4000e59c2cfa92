from django.contrib import admin
from django.db.models import Model
from django.http import HttpRequest

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


class GovernmentPostInline(admin.TabularInline):
    model = GovernmentPost
    extra = 0
    autocomplete_fields = ["answering_body"]


@admin.register(Member)
class MemberAdmin(admin.ModelAdmin):
    list_display = ("name_display", "parliament_id", "party", "house", "membership_from")
    list_filter = ("house", "party")
    search_fields = ("name_display", "name_list", "parliament_id")
    inlines = [GovernmentPostInline]


@admin.register(AnsweringBody)
class AnsweringBodyAdmin(admin.ModelAdmin):
    list_display = ("name", "parliament_id", "short_name")
    search_fields = ("name", "short_name")


@admin.register(GovernmentPost)
class GovernmentPostAdmin(admin.ModelAdmin):
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


class AnswerInline(admin.StackedInline):
    model = Answer
    extra = 0
    fk_name = "question"
    autocomplete_fields = ["answering_member", "correcting_member"]
    readonly_fields = ANSWER_READONLY


class QuestionGroupLinkInline(admin.TabularInline):
    model = QuestionGroupLink
    fk_name = "question"
    extra = 0
    raw_id_fields = ["grouped_question"]


class QuestionChangeInline(admin.TabularInline):
    model = QuestionChange
    extra = 0
    can_delete = False
    readonly_fields = ("field", "old_value", "new_value", "changed_at", "source", "import_run")

    def has_add_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False


@admin.register(WrittenQuestion)
class WrittenQuestionAdmin(admin.ModelAdmin):
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
class AnswerAdmin(admin.ModelAdmin):
    list_display = ("question", "is_current", "is_holding", "is_correction", "date_answered")
    list_filter = ("is_current", "is_holding", "is_correction")
    raw_id_fields = ["question"]
    autocomplete_fields = ["answering_member", "correcting_member"]
    readonly_fields = ANSWER_READONLY


@admin.register(AnswerAttachment)
class AnswerAttachmentAdmin(admin.ModelAdmin):
    list_display = ("title", "answer", "file_type", "file_size_bytes")
    raw_id_fields = ["answer"]


@admin.register(QuestionGroupLink)
class QuestionGroupLinkAdmin(admin.ModelAdmin):
    list_display = ("question", "uin", "date_tabled", "grouped_question")
    raw_id_fields = ["question", "grouped_question"]


@admin.register(QuestionChange)
class QuestionChangeAdmin(admin.ModelAdmin):
    list_display = ("question", "field", "changed_at", "source", "import_run")
    list_filter = ("field", "source")
    raw_id_fields = ["question", "import_run"]


@admin.register(ImportRun)
class ImportRunAdmin(admin.ModelAdmin):
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
class QuarantinedRecordAdmin(admin.ModelAdmin):
    list_display = ("parliament_id", "import_run", "created_at", "resolved_at")
    raw_id_fields = ["import_run"]
