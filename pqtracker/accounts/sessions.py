"""Sessions read from the cache and kept in the database (ADR 20).

Django's ``cached_db`` backend, save that a cache that cannot be read or written costs the
database read, not the page: Django's own catches a failed read, but the write-back after it
raises, so with Redis down every signed-in page would fail where it had worked on the database
alone. Deleting (signing out) still raises when the cache cannot be reached: the session would
otherwise live on in the cache, signed out in the database only.
"""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.contrib.sessions.backends import cached_db
from django.core.cache import caches
from django.core.cache.backends.base import DEFAULT_TIMEOUT, BaseCache

logger = logging.getLogger(__name__)


class _ReadsAndWritesMayFail:
    """The session cache, with a failed read a miss and a failed write logged and skipped."""

    def __init__(self, cache: BaseCache) -> None:
        self._cache = cache

    def get(self, key: str, default: Any = None) -> Any:
        try:
            return self._cache.get(key, default)
        except Exception:
            logger.warning("a session could not be read from the cache", exc_info=True)
            return default

    def set(self, key: str, value: Any, timeout: Any = DEFAULT_TIMEOUT) -> None:
        try:
            self._cache.set(key, value, timeout)
        except Exception:
            logger.warning("a session could not be written to the cache", exc_info=True)

    def __contains__(self, key: str) -> bool:
        return self.get(key) is not None

    def __getattr__(self, name: str) -> Any:  # delete, and the async methods
        return getattr(self._cache, name)


class SessionStore(cached_db.SessionStore):
    def __init__(self, session_key: str | None = None) -> None:
        super().__init__(session_key)
        self._cache = _ReadsAndWritesMayFail(caches[settings.SESSION_CACHE_ALIAS])
