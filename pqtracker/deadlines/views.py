"""The deadlines dashboard and the on-time statistics: parse, authorise, call, render."""

from __future__ import annotations

import csv
import datetime
from collections.abc import Iterable, Iterator
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_safe

from pqtracker.accounts.decorators import require_permission
from pqtracker.accounts.permissions import Permission
from pqtracker.answers.models import TeamMembership
from pqtracker.calendar.deadlines import TARGET_ON_TIME_PERCENT
from pqtracker.deadlines import charts, dashboard, statistics, tallies, workflow_stats
from pqtracker.parliament.filters import filter_questions
from pqtracker.parliament.forms import QuestionFilterForm
from pqtracker.parliament.models.questions import WrittenQuestionQuerySet
from pqtracker.parliament.rendered_forms import render_form

POLL_SECONDS = 60


def _iso(day: datetime.date | None) -> str:
    return day.isoformat() if day else ""


def _csv_response(filename: str, header: list[str], rows: Iterable[list[Any]]) -> HttpResponse:
    # Built whole: the largest is the open questions, some thousands of rows.
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    writer = csv.writer(response)
    writer.writerow(header)
    writer.writerows(rows)
    return response


def _department() -> WrittenQuestionQuerySet:
    return statistics.department_questions()  # type: ignore[return-value]


def _filter_form(request: HttpRequest) -> QuestionFilterForm:
    """The question list's own filters, sending their requests to the dashboard."""
    form = QuestionFilterForm(request.GET or None)
    action = reverse("deadlines:dashboard")
    form.helper.form_action = action
    form.helper.attrs.update(
        {"hx-get": action, "hx-target": "#board", "hx-indicator": "#board-loading"}
    )
    return form


@require_safe
@require_permission(Permission.VIEW_DEADLINES)
def dashboard_view(request: HttpRequest) -> HttpResponse:
    form = _filter_form(request)
    questions = filter_questions(_department(), form.criteria())
    window = dashboard.Window.for_day(timezone.localdate())
    if request.GET.get("format") == "csv":
        return _dashboard_csv(questions, window)
    counts = dashboard.counts(questions, window)
    found = dashboard.bucket_lists(questions, window)
    lists = [
        (key, label, counts.buckets[key], found[key])
        for key, label in dashboard.BUCKETS
        if key != "later"
    ]
    query = request.GET.copy()
    query.pop("format", None)
    template = "deadlines/dashboard.html"
    htmx = getattr(request, "htmx", None)
    if htmx and not htmx.history_restore_request:
        template += "#board"
    response = TemplateResponse(
        request,
        template,
        {
            "form": form,
            # The board alone (htmx) does not show the form: not drawn then.
            "filter_form": ""
            if template.endswith("#board")
            else render_form(form, form.helper, "dashboard", {}),
            "window": window,
            "total": counts.total,
            "buckets": [(key, label, counts.buckets[key]) for key, label in dashboard.BUCKETS],
            "counts_by": [
                ("status", counts.status.most_common()),
                ("type", counts.type.most_common()),
                ("House", counts.house.most_common()),
                ("department", counts.body.most_common()),
                ("team", counts.team.most_common()),
                ("minister", counts.minister.most_common()),
            ],
            "lists": lists,
            "list_limit": dashboard.LIST_LIMIT,
            "query": query.urlencode(),
            "poll_seconds": POLL_SECONDS,
            "updated_at": timezone.localtime(),
            **_bulk_context(request),
        },
    )
    patch_vary_headers(response, ("HX-Request",))
    return response


def _bulk_context(request: HttpRequest) -> dict[str, Any]:
    """The bulk actions' choices, for the PQ team only: the teams and their people from one
    query of the memberships (a team nobody is in cannot be given questions), drawn by hand in
    the template rather than through crispy, since every clerk's dashboard is drawn each minute."""
    if not request.user.has_permission(Permission.COMMISSION_QUESTIONS):  # type: ignore[union-attr]
        return {"can_act": False}
    teams: dict[int, str] = {}
    people: dict[int, str] = {}
    for team_id, team, user_id, username, first, last in (
        TeamMembership.objects.filter(user__is_active=True)
        .order_by("team__name", "user__username")
        .values_list(
            "team_id",
            "team__name",
            "user_id",
            "user__username",
            "user__first_name",
            "user__last_name",
        )
    ):
        teams[team_id] = team
        people[user_id] = " ".join(p for p in (first, last) if p) or username
    return {
        "can_act": True,
        "teams": list(teams.items()),
        "officers": sorted(people.items(), key=lambda person: person[1].lower()),
        "seen_at": timezone.now().isoformat(),
    }


def _dashboard_csv(questions: WrittenQuestionQuerySet, window: dashboard.Window) -> HttpResponse:
    open_questions = (
        dashboard.open_questions(questions)
        .select_related("answering_body", "case__policy_team")
        .order_by("due", "date_tabled", "id")
    )

    def rows() -> Iterator[list[Any]]:
        for question in open_questions.iterator(chunk_size=2000):
            state = question.deadline_state(window.today)
            yield [
                question.house,
                question.uin,
                question.date_tabled.isoformat(),
                question.question_type.label,
                question.get_status_display(),
                _iso(getattr(question, "due", None)),
                question.on_time_by.isoformat() if question.on_time_by else "",
                state.working_days_left if state else "",
                state.label if state else "",
                question.answering_body.name if question.answering_body else "",
                question.heading,
                *_workflow_columns(getattr(question, "case", None)),
            ]

    header = [
        "house",
        "uin",
        "date_tabled",
        "type",
        "status",
        "due",
        "on_time_by",
        "working_days_left",
        "state",
        "answering_body",
        "heading",
        "workflow_status",
        "policy_team",
        "internal_deadline",
    ]
    return _csv_response(f"open-questions-{window.today.isoformat()}.csv", header, rows())


def _workflow_columns(case: Any) -> list[str]:
    if case is None:
        return ["", "", ""]
    team = case.policy_team.name if case.policy_team else ""
    return [case.get_status_display(), team, _iso(case.internal_deadline)]


CHART_KEYS = {
    "month": "by_month",
    "session": "by_session",
    "type": "by_type",
    "minister": "by_minister",
}
TITLES = {
    "month": "On time by month tabled",
    "session": "On time by session",
    "type": "On time by type of question",
    "minister": "On time by answering minister",
    "team": "On time by policy team",
}
GROUPS = {
    "month": "Month tabled",
    "session": "Session",
    "type": "Type",
    "minister": "Minister",
    "team": "Policy team",
}


@require_safe
@require_permission(Permission.VIEW_DEADLINES)
def statistics_view(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    wanted = request.GET.get("csv")
    if wanted in WORKFLOW_CSV:
        return WORKFLOW_CSV[wanted]()
    stats = tallies.department_statistics(today)
    on_time = {key: getattr(stats, attr) for key, attr in CHART_KEYS.items()}
    on_time["team"] = workflow_stats.on_time_by_team(today=today)
    if wanted in on_time:
        return _statistics_csv(wanted, on_time[wanted])
    chart_list = [
        (
            charts.percent_chart(key, TITLES[key], rows, TARGET_ON_TIME_PERCENT, GROUPS[key]),
            rows,
        )
        for key, rows in on_time.items()
    ]
    stages = workflow_stats.time_in_stages()
    delays = workflow_stats.delay_reasons()
    return TemplateResponse(
        request,
        "deadlines/statistics.html",
        {
            "stats": stats,
            "charts": chart_list,
            "stages": stages,
            "stage_chart": charts.value_chart(
                "stages",
                "Average days in each stage",
                [(row.label, row.average_days) for row in stages if row.average_days is not None],
                unit=" days on average",
                what="the average days a question spent in each stage of the workflow",
                group_label="Stage",
            ),
            "delays": delays,
            "delay_chart": charts.value_chart(
                "delays",
                "Delay reasons",
                [(label, count) for _value, label, count in delays.by_reason],
                unit=" late questions",
                what="how many late questions gave each delay reason",
                group_label="Reason",
            ),
            "target": TARGET_ON_TIME_PERCENT,
            "today": today,
            "refreshed_at": tallies.refreshed_at(),
        },
    )


def _stages_csv() -> HttpResponse:
    header = ["stage", "finished_spells", "average_days", "in_stage_now"]
    rows = (
        [row.label, row.spells, _blank(row.average_days), row.now]
        for row in workflow_stats.time_in_stages()
    )
    return _csv_response("time-in-each-stage.csv", header, rows)


def _delays_csv() -> HttpResponse:
    rows = ([label, count] for _value, label, count in workflow_stats.delay_reasons().by_reason)
    return _csv_response("delay-reasons.csv", ["reason", "late_questions"], rows)


def _delay_table_csv(attr: str, filename: str) -> HttpResponse:
    table = getattr(workflow_stats.delay_reasons(), attr)
    header = [table.group_label, *(label for _value, label in table.reasons), "total"]
    rows = ([label, *counts, total] for label, counts, total in table.rows)
    return _csv_response(filename, header, rows)


WORKFLOW_CSV = {
    "stages": _stages_csv,
    "delays": _delays_csv,
    "delays-by-month": lambda: _delay_table_csv("by_month", "delay-reasons-by-month.csv"),
    "delays-by-minister": lambda: _delay_table_csv("by_minister", "delay-reasons-by-minister.csv"),
}


def _blank(value: Any) -> Any:
    return "" if value is None else value


def _statistics_csv(key: str, rows: list[statistics.Row]) -> HttpResponse:
    header = [
        key,
        "questions",
        "on_time",
        "late",
        "percent_on_time",
        "average_working_days_to_answer",
        "published_questions",
        "published_percent_on_time",
    ]
    return _csv_response(
        f"on-time-by-{key}.csv",
        header,
        (
            [
                row.label,
                row.tally.counted,
                row.tally.on_time,
                row.tally.late,
                row.tally.percent_on_time if row.tally.percent_on_time is not None else "",
                row.tally.average_working_days
                if row.tally.average_working_days is not None
                else "",
                row.published[0] if row.published else "",
                row.published[1] if row.published else "",
            ]
            for row in rows
        ),
    )
