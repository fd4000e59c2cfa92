"""Addresses every page draws, reversed once per process rather than on each use.

``reverse()`` costs 30-70 µs a call, and the layout (navigation, header) and every list row (a
question's link) call it: a list page made 35 calls. An address depends only on the URL
configuration, the script prefix the server is mounted under and the arguments, so it is kept
per configuration and prefix (a process may serve more than one: tests override both).
"""

from __future__ import annotations

from typing import Any

from django.urls import get_script_prefix, get_urlconf, reverse

# An id no record reaches: reversed in its place, then replaced by the real id.
_SENTINEL = 987_654_321_987

_plain: dict[tuple[Any, str, str], str] = {}
_by_id: dict[tuple[Any, str, str], tuple[str, str] | None] = {}


def _key(url_name: str) -> tuple[Any, str, str]:
    return (get_urlconf(), get_script_prefix(), url_name)


def address(url_name: str) -> str:
    """``reverse(url_name)`` for a URL without arguments; raises ``NoReverseMatch`` as it does."""
    key = _key(url_name)
    found = _plain.get(key)
    if found is None:
        found = _plain[key] = reverse(url_name)
    return found


def address_of(url_name: str, pk: int) -> str:
    """``reverse(url_name, args=[pk])`` for a URL whose one argument is an integer id."""
    key = _key(url_name)
    if key not in _by_id:
        reversed_once = reverse(url_name, args=[_SENTINEL])
        before, found, after = reversed_once.partition(str(_SENTINEL))
        # Checked against a second id: the id must be all that the argument changes.
        if found and reverse(url_name, args=[7]) == f"{before}7{after}":
            _by_id[key] = (before, after)
        else:
            _by_id[key] = None  # a converter that changes the id: reversed on every call
    parts = _by_id[key]
    if parts is None or type(pk) is not int:
        return reverse(url_name, args=[pk])
    return f"{parts[0]}{pk}{parts[1]}"
