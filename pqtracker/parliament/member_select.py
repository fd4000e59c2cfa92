"""The "Asked by" and "Answered by" selects: about 1,500 members each, made cheap.

Rendered by Django's widget templates, one template per ``<option>``, the two selects cost about
230 ms a page. Here the options are written directly, and the written options are kept by the
process keyed by the choices themselves: a page reads the choices (one query of two columns,
a few milliseconds at 1,500 members), and when they are the ones drawn before (nearly always)
it reuses the options and marks the chosen one, instead of escaping 1,500 names again.

The choices themselves are read fresh on every page, so a member who asks a first question
appears at once. Caching the choices was tried and dropped: keyed on the record's highest ids,
it served another database's names in tests (SQLite reuses ids after a rollback); a key made
from the rows read cannot be stale.
"""

from __future__ import annotations

import html
from collections import OrderedDict
from collections.abc import Iterator, Sequence
from threading import Lock
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.forms.utils import flatatt
from django.utils.choices import BaseChoiceIterator
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

# Distinct choice lists kept (askers and answerers, with room for a change or two between).
KEPT_OPTION_LISTS = 8

Choice = tuple[Any, Any]


class _WrittenOptions:
    """The ``<option>``s of one list of choices, each written once: unselected, and where its
    value is found."""

    def __init__(self, choices: Sequence[Choice]) -> None:
        self.values = [str(key) for key, _label in choices]
        self.labels = [html.escape(str(label)) for _key, label in choices]
        self.options = [
            f'<option value="{html.escape(value)}">{label}</option>'
            for value, label in zip(self.values, self.labels, strict=True)
        ]
        self.position: dict[str, int] = {}
        for at, value in enumerate(self.values):
            self.position.setdefault(value, at)

    def render(self, chosen: set[str]) -> str:
        options = self.options
        if chosen:
            options = list(options)
            for value in chosen:
                at = self.position.get(value)
                if at is not None:
                    options[at] = (
                        f'<option value="{html.escape(value)}" selected>{self.labels[at]}</option>'
                    )
        return "".join(options)


_written: OrderedDict[tuple[Choice, ...], _WrittenOptions] = OrderedDict()
_written_lock = Lock()  # gunicorn's threads share the process


def written_options(choices: Sequence[Choice]) -> _WrittenOptions:
    """The written options for ``choices``, reused when the same choices were written before."""
    key = tuple(choices)
    with _written_lock:
        found = _written.get(key)
        if found is not None:
            _written.move_to_end(key)
            return found
    made = _WrittenOptions(key)
    with _written_lock:
        _written[key] = made
        while len(_written) > KEPT_OPTION_LISTS:
            _written.popitem(last=False)
    return made


class Select(forms.Select):
    """A ``<select>`` whose options are written directly, not through a template each.

    Named ``Select``: crispy-forms-gds picks the GOV.UK class by the widget's class name.
    """

    def render(
        self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None
    ) -> SafeString:
        chosen = {str(v) for v in self.format_value(value)}
        options = written_options(list(self.choices)).render(chosen)
        return format_html(
            '<select name="{}"{}>{}</select>',
            name,
            flatatt(self.build_attrs(self.attrs, attrs)),
            mark_safe(options),  # noqa: S308 (every value and label escaped by _WrittenOptions)
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
