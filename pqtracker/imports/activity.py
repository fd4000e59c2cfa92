"""What a running import is doing between progress saves (waiting to retry Parliament's API),
kept in the cache that web and worker share, for the imports page's live panel."""

from __future__ import annotations

import contextlib
from collections.abc import Callable

from django.core.cache import cache
from django.db import connection

# Longer than the longest backoff (two minutes), so a long wait never shows as nothing.
_TTL_SECONDS = 300


def _key(run_id: int) -> str:
    # By database too: databases sharing one cache (test processes, a benchmark's database
    # beside the real one) number their runs from 1 alike.
    return f"imports:activity:{connection.settings_dict['NAME']}:{run_id}"


def retrying(run_id: int) -> Callable[[int, int, str], None]:
    def note(retry: int, retries: int, reason: str) -> None:
        why = f" (last answer: {reason})" if reason else ""
        cache.set(
            _key(run_id),
            f"Waiting for Parliament's API, retry {retry} of {retries}{why}.",
            _TTL_SECONDS,
        )

    return note


def current(run_id: int) -> str:
    try:
        return cache.get(_key(run_id)) or ""
    except Exception:  # noqa: BLE001 - the panel shows progress without it
        return ""


def clear(run_id: int) -> None:
    # A stale note expires by itself: a cache that is down must not fail the import.
    with contextlib.suppress(Exception):
        cache.delete(_key(run_id))
