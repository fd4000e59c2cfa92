"""Presentation of the public record: GOV.UK status tags and readable change-history fields."""

from __future__ import annotations

from typing import Any

from django import template
from django.core.exceptions import FieldDoesNotExist

from pqtracker.parliament.models import Answer, QuestionStatus, WrittenQuestion

register = template.Library()

# GOV.UK tag colours; "answered" is the good end state, "withdrawn" needs no action.
STATUS_TAG_CLASSES = {
    QuestionStatus.UNANSWERED: "govuk-tag--blue",
    QuestionStatus.HOLDING: "govuk-tag--yellow",
    QuestionStatus.ANSWERED: "govuk-tag--green",
    QuestionStatus.CORRECTED: "govuk-tag--purple",
    QuestionStatus.WITHDRAWN: "govuk-tag--grey",
}


@register.inclusion_tag("components/status_tag.html")
def status_tag(status: str) -> dict[str, Any]:
    try:
        known = QuestionStatus(status)
    except ValueError:
        return {"label": status, "css_class": "govuk-tag--grey"}
    return {"label": known.label, "css_class": STATUS_TAG_CLASSES[known]}


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
