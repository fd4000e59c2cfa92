"""Presentation of the public record: GOV.UK status tags and readable change-history fields."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any

from django import template
from django.core.exceptions import FieldDoesNotExist
from django.db.models import TextChoices
from django.template import Context, Engine
from django.utils.safestring import SafeString

from pqtracker.parliament import generation
from pqtracker.parliament.extensions import ShownPanel, Tag
from pqtracker.parliament.models import (
    IMPORTS,
    Answer,
    ImportRunStatus,
    QuestionStatus,
    WrittenQuestion,
)
from pqtracker.parliament.rendered_forms import render_form
from pqtracker.web.fragments import rendered

register = template.Library()

# GOV.UK tag colours; "answered" is the good end state, "withdrawn" needs no action.
# When the record was last brought up to date (record_last_updated).
_LAST_UPDATED = generation.Kept("record-last-updated", 4, topic=IMPORTS)

STATUS_TAG_COLOURS = {
    QuestionStatus.UNANSWERED: "blue",
    QuestionStatus.HOLDING: "yellow",
    QuestionStatus.ANSWERED: "green",
    QuestionStatus.CORRECTED: "purple",
    QuestionStatus.WITHDRAWN: "grey",
}
IMPORT_RUN_TAG_COLOURS = {
    ImportRunStatus.QUEUED: "grey",
    ImportRunStatus.RUNNING: "blue",
    ImportRunStatus.SUCCEEDED: "green",
    ImportRunStatus.SUCCEEDED_WITH_ERRORS: "yellow",
    ImportRunStatus.FAILED: "red",
}


def _tag(choices: type[TextChoices], colours: Mapping[Any, str], status: str) -> SafeString:
    try:
        known = choices(status)
        text, colour = str(known.label), colours[known]
    except ValueError:
        text, colour = status, "grey"
    # Rendered once per text and colour (web.fragments): a list draws one on every row.
    return rendered(
        "components/tag.html", {"tag": {"text": text, "colour": colour}}, (text, colour)
    )


@register.simple_tag
def status_tag(status: str) -> SafeString:
    """A question's status as a GOV.UK tag: the one status tag of every list and page."""
    return _tag(QuestionStatus, STATUS_TAG_COLOURS, status)


@register.simple_tag
def import_run_tag(status: str) -> SafeString:
    return _tag(ImportRunStatus, IMPORT_RUN_TAG_COLOURS, status)


def _verbose_name(model: type[WrittenQuestion] | type[Answer], name: str) -> str:
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return name.replace("_", " ")
    return str(getattr(field, "verbose_name", name.replace("_", " ")))


@register.filter
def change_field_label(field: str) -> str:
    """'answering_body' -> 'Answering body'; 'answer.date_corrected' -> 'Answer: date corrected'."""
    if field.startswith("answer."):
        label = _verbose_name(Answer, field.removeprefix("answer."))
        if "answer" not in label:
            label = f"Answer: {label}"
    else:
        label = _verbose_name(WrittenQuestion, field)
    return label[:1].upper() + label[1:]


@register.simple_tag(takes_context=True)
def render_panel(context: Context, panel: ShownPanel) -> SafeString:
    """Include a registered panel's template with its own context over the page's (as
    ``{% include %}`` would, but with the context the panel's app computed)."""
    engine = context.template.engine if context.template is not None else Engine.get_default()
    panel_template = engine.get_template(panel.template)
    with context.push(**panel.context):
        return panel_template.render(context)


@register.filter
def tags_of(row_tags: Mapping[int, list[Tag]] | None, question: WrittenQuestion) -> list[Tag]:
    """The registered tags of one list row: ``{% for tag in row_tags|tags_of:question %}``."""
    return list((row_tags or {}).get(question.pk, ()))


@register.simple_tag
def record_last_updated() -> str:
    """When an import from Parliament last succeeded: how fresh the list people are reading is.
    Kept under the import runs' generation (every write to a run advances it): no query a page."""
    from django.utils import timezone
    from django.utils.dateformat import format as format_date
    from django.utils.html import format_html

    from pqtracker.parliament.models import ImportRun, ImportRunStatus

    def read() -> datetime.datetime | None:
        return (
            ImportRun.objects.filter(
                kind__in=(ImportRun.Kind.INCREMENTAL, ImportRun.Kind.RANGE),
                status__in=(ImportRunStatus.SUCCEEDED, ImportRunStatus.SUCCEEDED_WITH_ERRORS),
                finished_at__isnull=False,
            )
            .order_by("-finished_at")
            .values_list("finished_at", flat=True)
            .first()
        )

    finished = _LAST_UPDATED.get("finished", read)
    if finished is None:
        text = "The record has not been imported from Parliament yet."
    else:
        when = format_date(timezone.localtime(finished), "j F Y \\a\\t H:i")
        text = f"Record last updated {when}"
    return format_html('<p class="govuk-body-s" id="record-updated">{}</p>', text)


@register.simple_tag
def deadline_tag(question: WrittenQuestion) -> SafeString:
    """Due in, due today, overdue, answered on time or late (calendar.deadlines has the rules).
    Rendered once per state (web.fragments): a list draws one on every row."""
    state = question.deadline_state()
    return rendered("components/deadline_tag.html", {"state": state}, state)


@register.simple_tag(takes_context=True)
def filter_form(context: Context, form: Any, helper: Any = None, layout: str = "") -> SafeString:
    """``{% crispy form helper %}`` for the question filter forms, kept once rendered
    (``rendered_forms``): ``layout`` names the helper, as the key cannot tell helpers apart."""
    # The helper by name, fetched only when the rendering is not kept: building one is most of a
    # kept form's cost.
    if isinstance(helper, str):
        name = helper
        return render_form(form, lambda: getattr(form, name), layout, context.flatten())
    return render_form(form, helper or (lambda: form.helper), layout, context.flatten())
