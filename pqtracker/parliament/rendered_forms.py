"""The question filter forms (and the search page's "save this search"), rendered by crispy-forms
once per distinct form and kept.

The GOV.UK layout renders each of the form's fifteen fields through several templates: about
20 ms of a list or search page's CPU, the largest part of the page. What it renders depends only
on the form's class, the layout (helper), the values sent (which decide the errors too), its
initial values and the choices of its selects, so the HTML is kept by the process keyed by
exactly those: the choices are read first (the queries the render would make anyway) and are
part of the key, so a new member or department shows at once and nothing is served from another
database. A rendering that holds a CSRF token (per user) is never kept: a GET form carries none,
and a POST form's token comes from its page's ``<form>``, not from the helper.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Hashable
from threading import Lock
from typing import Any

from crispy_forms.utils import render_crispy_form
from django import forms
from django.utils.safestring import SafeString, mark_safe

# Renderings kept per process: a few hundred kilobytes each (the member selects).
KEPT_RENDERINGS = 64
# Parameters that say where in the results a page is: not drawn in the form.
_PLACE = frozenset({"page"})

_kept: OrderedDict[Hashable, str] = OrderedDict()
_lock = Lock()  # gunicorn's threads share the process


def _choices_key(form: forms.Form) -> tuple[Any, ...]:
    """Each select's choices, read once and left on the widget for the render to use."""
    key = []
    for name, field in form.fields.items():
        widget = field.widget
        # Other selects' choices are fixed by the form's class.
        if render_key := getattr(getattr(widget, "choices", None), "render_key", None):
            key.append((name, render_key))  # member_select: a key for its kept choices
        elif isinstance(field, forms.ModelChoiceField):
            choices = [choice for choice in widget.choices]  # noqa: C416 (list() would count them first)
            # Past the setter: it would normalise 1,500 pairs again (Django's own values).
            widget._choices = choices
            key.append((name, tuple((str(value), str(label)) for value, label in choices)))
    return tuple(key)


def render_key(form: forms.Form, layout: str) -> Hashable:
    data = getattr(form, "data", {})
    values = tuple(
        sorted(
            (name, tuple(data.getlist(name)) if hasattr(data, "getlist") else (data[name],))
            for name in data
            if name not in _PLACE
        )
    )
    # Bound or not: an unbound form shows its initial values, a bound empty one does not.
    bound = getattr(form, "is_bound", False)
    initial = tuple(sorted((name, repr(value)) for name, value in form.initial.items()))
    return (
        type(form).__module__,
        type(form).__qualname__,
        layout,
        bound,
        values,
        initial,
        _choices_key(form),
    )


def render_form(form: forms.Form, helper: Any, layout: str, context: dict[Any, Any]) -> SafeString:
    """``{% crispy form helper %}``, from the process's kept renderings when it was drawn before."""
    key = render_key(form, layout)
    with _lock:
        found = _kept.get(key)
        if found is not None:
            _kept.move_to_end(key)
            return mark_safe(found)  # noqa: S308 (crispy's own output, kept as it was)
    # ``helper`` may be a function making it: a kept rendering needs none.
    html = str(render_crispy_form(form, helper() if callable(helper) else helper, context))
    if "csrfmiddlewaretoken" not in html:  # per user: never shared
        with _lock:
            _kept[key] = html
            while len(_kept) > KEPT_RENDERINGS:
                _kept.popitem(last=False)
    return mark_safe(html)  # noqa: S308 (crispy's own output)
