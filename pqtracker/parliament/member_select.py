"""The "Asked by" and "Answered by" selects: about 1,500 members each, made cheap.

Rendered by Django's widget templates, one template per ``<option>``, the two selects cost about
230 ms a page. Here the options are written in one pass (a few milliseconds). The choices are
read fresh on every page (a query of two columns each, a few milliseconds at 1,500 members), so a
member who asks a first question appears at once; caching them was not worth a stale list.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.forms.utils import flatatt
from django.utils.choices import BaseChoiceIterator
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString


class Select(forms.Select):
    """A ``<select>`` whose options are written directly, not through a template each.

    Named ``Select``: crispy-forms-gds picks the GOV.UK class by the widget's class name.
    """

    def render(
        self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None
    ) -> SafeString:
        chosen = set(self.format_value(value))
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            (
                (key, " selected" if str(key) in chosen else "", label)
                for key, label in self.choices
            ),
        )
        return format_html(
            '<select name="{}"{}>{}</select>',
            name,
            flatatt(self.build_attrs(self.attrs, attrs)),
            options,
        )


class _MemberChoices(BaseChoiceIterator):
    """The empty choice, then (id, name) for each member: read only when the select is drawn
    (a form built to read its values, not shown, costs no query)."""

    def __init__(self, empty_label: str, members: QuerySet[Any]) -> None:
        self.empty_label = empty_label
        self.members = members

    def __iter__(self) -> Iterator[tuple[Any, str]]:
        yield ("", self.empty_label)
        yield from self.members.values_list("pk", "name_display")


def use_member_selects(form: forms.Form, relations: tuple[str, ...]) -> None:
    """Give each field named after its relation (its queryset already the members who asked or
    answered) the one-pass select, its choices read in one query of two columns."""
    for relation in relations:
        field = form.fields[relation]
        assert isinstance(field, forms.ModelChoiceField) and field.queryset is not None
        widget = Select(attrs=field.widget.attrs)
        widget.choices = _MemberChoices(str(field.empty_label or ""), field.queryset)
        widget.is_required = field.widget.is_required
        field.widget = widget
