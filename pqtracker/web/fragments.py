"""Small components whose HTML depends on a few values only, rendered once per value.

A list page draws a status tag and a deadline tag on each of its 25 rows. Through an inclusion
tag each costs a context, a template render and its escaping (40-60 µs), for a handful of
distinct results (five statuses, a few deadline labels). ``rendered`` keeps each result, keyed
by the template object itself, so a template the loader reloads (the development server after an
edit) is rendered afresh. The component's template must depend on nothing but ``context``: no
request, user, CSRF token or time.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from typing import Any

from django.template import Context, Engine, Template
from django.utils.safestring import SafeString, mark_safe

# Bounded: deadline labels carry a count of days, so the variety grows slowly with the record.
MAX_KEPT = 512

_kept: dict[tuple[Template, Hashable], SafeString] = {}


def _template(template_name: str) -> Template:
    # The project's one template engine, through its cached loader: the same object until the
    # loader is reset. Hashable by identity.
    return Engine.get_default().get_template(template_name)


def rendered(template_name: str, context: Mapping[str, Any], key: Hashable) -> SafeString:
    """``template_name`` rendered with ``context``; ``key`` must say everything in ``context``
    the template reads (equal keys, equal HTML)."""
    template = _template(template_name)
    kept = _kept.get((template, key))
    if kept is None:
        kept = mark_safe(template.render(Context(context, autoescape=True)))  # noqa: S308 (a template's output)
        if len(_kept) >= MAX_KEPT:
            _kept.clear()
        _kept[(template, key)] = kept
    return kept
