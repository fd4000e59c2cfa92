"""The "Asked by" and "Answered by" selects: about 1,500 members each, made cheap.

Rendered by Django's widget templates, one template per ``<option>``, the two selects cost about
230 ms a page. Here the options are written directly, once per list of choices (kept by the
process, keyed by the choices themselves), and the chosen one marked.

The choices ("members who have asked a question": an ``EXISTS`` per member) cost 10-45 ms at a
million questions on SQLite. They are kept by the process for at most
``MEMBER_CHOICES_MAX_AGE`` seconds and only while the record's generation is unchanged
(``parliament.generation``: every write to questions or members renews it, ADR 19), so a member
asking a first question, a minister answering a first one, or a renamed member shows at once.
(A fingerprint of the newest question and the members, read by a query for each select, did
this before; it missed an older question's new answerer for up to the maximum age.)
"""

from __future__ import annotations

import html
import time
import uuid
from collections import OrderedDict
from collections.abc import Iterator, Sequence
from threading import Lock
from typing import Any

from django import forms
from django.db import connections
from django.db.models import QuerySet
from django.forms.utils import flatatt
from django.utils.choices import BaseChoiceIterator
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from pqtracker.parliament import generation

# How long the choices may be reused while the fingerprint is unchanged (seconds).
MEMBER_CHOICES_MAX_AGE = 300

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


class _KeptChoices:
    def __init__(self, fingerprint: tuple[Any, ...], rows: list[Choice]) -> None:
        self.fingerprint = fingerprint
        self.rows = rows
        self.read_at = time.monotonic()
        # Names this list for the rendered form's key (rendered_forms): new at every read.
        self.key = uuid.uuid4().hex


_kept_choices: dict[tuple[str, str], _KeptChoices] = {}
_kept_choices_lock = Lock()


def record_fingerprint(members: QuerySet[Any]) -> tuple[Any, ...]:
    """What the choices depend on: the record's generation (``parliament.generation``), which
    every write to questions and members renews. No query."""
    return (generation.current(members.db),)


def member_choices(
    relation: str, members: QuerySet[Any], label: str = "name_display"
) -> _KeptChoices:
    """(id, ``label``) of each row of ``members`` (members, or another of the record's tables:
    departments), reused while the record is unchanged."""
    fingerprint = record_fingerprint(members)
    where = (str(connections[members.db].settings_dict["NAME"]), relation)
    with _kept_choices_lock:
        kept = _kept_choices.get(where)
    if (
        kept is not None
        and kept.fingerprint == fingerprint
        and time.monotonic() - kept.read_at < MEMBER_CHOICES_MAX_AGE
    ):
        return kept
    kept = _KeptChoices(fingerprint, list(members.values_list("pk", label)))
    with _kept_choices_lock:
        _kept_choices[where] = kept
    return kept


class _MemberChoices(BaseChoiceIterator):
    """The empty choice, then (id, name) for each member: read only when the select is drawn
    (a form built to read its values, not shown, costs no query)."""

    def __init__(
        self, empty_label: str, relation: str, members: QuerySet[Any], label: str = "name_display"
    ) -> None:
        self.empty_label = empty_label
        self.relation = relation
        self.members = members
        self.label = label
        self._kept: _KeptChoices | None = None

    @property
    def kept(self) -> _KeptChoices:
        if self._kept is None:
            self._kept = member_choices(self.relation, self.members, self.label)
        return self._kept

    @property
    def render_key(self) -> tuple[str, str]:
        """Stands for the choices in a rendered form's key (rendered_forms)."""
        return (self.empty_label, self.kept.key)

    def __iter__(self) -> Iterator[tuple[Any, str]]:
        yield ("", self.empty_label)
        yield from self.kept.rows


def use_member_selects(
    form: forms.Form, relations: tuple[str, ...], label: str = "name_display"
) -> None:
    """Give each field named after its relation (its queryset already the members who asked or
    answered) the one-pass select, its choices read in one query of two columns and kept while
    the record is unchanged. Also for the departments' select (``label="name"``): Django's own
    would read them on every page, on PostgreSQL through a server-side cursor (three round
    trips)."""
    for relation in relations:
        field = form.fields[relation]
        assert isinstance(field, forms.ModelChoiceField) and field.queryset is not None
        widget = Select(attrs=field.widget.attrs)
        widget.choices = _MemberChoices(
            str(field.empty_label or ""), relation, field.queryset, label
        )
        widget.is_required = field.widget.is_required
        field.widget = widget
