"""Teams are configuration and editable here; the workflow's records are written only by
``answers.services`` (audited, guarded), so their admin pages only show."""

from __future__ import annotations

from django.contrib import admin
from django.db.models import Model
from django.http import HttpRequest

from pqtracker.answers.models import (
    Candidate,
    Case,
    ClearanceStep,
    ClearanceStepDefinition,
    Comment,
    DraftVersion,
    FigureAcceptance,
    Notification,
    PolicyTeam,
    SignedLinkUse,
    StageTime,
    TeamMembership,
)


class TeamMembershipInline(admin.TabularInline):
    model = TeamMembership
    raw_id_fields = ["user"]
    extra = 1


@admin.register(PolicyTeam)
class PolicyTeamAdmin(admin.ModelAdmin):
    list_display = ("name", "directorate", "division")
    search_fields = ("name", "directorate", "division")
    inlines = [TeamMembershipInline]


@admin.register(TeamMembership)
class TeamMembershipAdmin(admin.ModelAdmin):
    list_display = ("team", "user", "created_at")
    list_select_related = ("team", "user")
    raw_id_fields = ["user"]


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False


@admin.register(Case)
class CaseAdmin(ReadOnlyAdmin):
    list_display = ("question", "status", "policy_team", "action_officer", "internal_deadline")
    list_filter = ("status", "policy_team")
    list_select_related = ("question", "policy_team", "action_officer")
    search_fields = ("question__uin",)


@admin.register(Candidate)
class CandidateAdmin(ReadOnlyAdmin):
    list_display = ("case", "user", "state", "reason_code", "decided_at")
    list_select_related = ("case__question", "user")


@admin.register(SignedLinkUse)
class SignedLinkUseAdmin(ReadOnlyAdmin):
    list_display = ("candidate", "action", "used_at")


@admin.register(StageTime)
class StageTimeAdmin(ReadOnlyAdmin):
    list_display = ("case", "status", "entered_at", "left_at")
    list_select_related = ("case__question",)


@admin.register(DraftVersion)
class DraftVersionAdmin(ReadOnlyAdmin):
    list_display = ("case", "number", "author", "created_at")
    list_select_related = ("case__question", "author")


@admin.register(Comment)
class CommentAdmin(ReadOnlyAdmin):
    list_display = ("case", "author", "created_at")
    list_select_related = ("case__question", "author")


@admin.register(ClearanceStepDefinition)
class ClearanceStepDefinitionAdmin(ReadOnlyAdmin):
    """Changed on the PQ team's clearance chain page, which audits each change."""

    list_display = ("order", "name", "role_kind", "optional", "active")


@admin.register(ClearanceStep)
class ClearanceStepAdmin(ReadOnlyAdmin):
    list_display = ("case", "round", "order", "name", "assignee", "state", "acted_at")
    list_select_related = ("case__question", "assignee")


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdmin):
    list_display = ("kind", "recipient", "case", "created_at", "sent_at")
    list_filter = ("kind",)


@admin.register(FigureAcceptance)
class FigureAcceptanceAdmin(ReadOnlyAdmin):
    """Written by ``answers.services.accept_flag`` (audited); shown here, never changed."""

    list_display = ("case", "version_number", "text", "status", "accepted_by", "accepted_at")
    list_select_related = ("case__question", "accepted_by")
