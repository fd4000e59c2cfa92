"""The record's generation, and the answers a web process keeps while it is unchanged.

Ranking a search's matches, finding a question's similar questions and counting a filtered list
cost tens to hundreds of milliseconds at a million questions, and a PQ team asks the same ones
over and over (the list's first page, the week's topic, the question everyone is drafting). Their
answers change only when the record, its search index or the intake's near-duplicate flags do.
Every such write advances the generation: a random token in Django's cache, one per database
(Redis when ``REDIS_URL`` is set; otherwise the file cache that the web processes and the worker
share). A process keeps each answer under the generation it was computed at, so a page never
shows an answer from before a write it can see (ADR 19).

The token is changed twice: when the write is made (so the writing process, and a test running
inside one transaction, never reads an answer from before it) and again once it commits (so an
answer another process computed from the rows before the commit is not served after it). An
answer is kept for at most ``MAX_AGE_SECONDS`` whatever the token says: the bound on a write whose
commit hook was lost (the process died between the commit and the hook).

Read the token where the answer is needed (one cache read: ~50 µs from a file, a Redis round trip
with Redis), once a web request: a request reads it when it first needs it and keeps it to its
end (``request_began``), save for its own writes, so that one page is drawn from one generation.
When the cache cannot be read, nothing is kept and every answer is computed.

A ``Kept(shared=True)`` also puts what it computes in the ``kept`` cache (Redis, or a file cache
beside the database) under the same generation, so that the other web processes find it rather
than compute it again: a question's page costs its similar questions once, not once per process.
"""

from __future__ import annotations

import hashlib
import logging
import time
import uuid
from collections import OrderedDict
from collections.abc import Callable, Hashable
from contextvars import ContextVar
from threading import Lock
from typing import TypeVar

from django.core.cache import cache, caches
from django.core.cache.backends.filebased import FileBasedCache
from django.db import connections, models, transaction
from django.db.models.signals import post_delete, post_save
from django.utils import timezone

logger = logging.getLogger(__name__)

# The longest an answer is kept, whatever the generation (seconds).
MAX_AGE_SECONDS = 300

T = TypeVar("T")


# The record (questions, answers, members, their index and flags) is one topic; higher layers keep
# answers of their own under topics of their own ("cases": the answering workflow's cases), so
# that a case moving on does not throw away what was kept of the record, nor the reverse.
RECORD = "record"


def _key(using: str, topic: str = RECORD) -> str:
    # Per database: test databases, benchmark databases and the real one never share a token.
    return f"pqtracker:{topic}-generation:{connections[using].settings_dict['NAME']}"


# The tokens a web request has read, by cache key (None outside a request: read each time).
_read_by_request: ContextVar[dict[str, str] | None] = ContextVar("generations_read", default=None)


def request_began(**kwargs: object) -> None:
    """``request_started``: this request reads each token once."""
    _read_by_request.set({})


def request_ended(**kwargs: object) -> None:
    """``request_finished``: the next request, or work outside one, reads the token afresh."""
    _read_by_request.set(None)


def current(using: str = "default", topic: str = RECORD) -> str:
    """The generation now: a token that changes at every write to the record or its index (or,
    for another ``topic``, to what that topic names)."""
    key = _key(using, topic)
    read = _read_by_request.get()
    if read is not None and key in read:
        return read[key]
    try:
        token = cache.get(key)
        if token is None:
            # The first reader (or the first after the cache lost it): whoever adds wins.
            cache.add(key, uuid.uuid4().hex, timeout=None)
            token = cache.get(key)
    except Exception:  # noqa: BLE001 (a cache that cannot be read must not fail the page)
        logger.warning("The record generation could not be read: nothing is kept", exc_info=True)
        token = None
    if token is None:
        # A token nobody else has: nothing kept under it is ever found again.
        return f"unread-{uuid.uuid4().hex}"
    if read is not None:
        read[key] = str(token)
    return str(token)


def _renew(using: str, topic: str = RECORD) -> None:
    key = _key(using, topic)
    read = _read_by_request.get()
    if read is not None:
        read.pop(key, None)  # this request's own write: it reads the new token
    try:
        cache.set(key, uuid.uuid4().hex, timeout=None)
    except Exception:
        # A write the kept answers cannot hear of would be served stale until MAX_AGE_SECONDS:
        # the write itself has happened (or will commit), so it must not fail; it is logged.
        logger.exception("The record generation could not be advanced")


class _Renewal:
    """Renews one database's token (of one topic) once a transaction commits: one per database
    and topic, so that a transaction of many writes queues it once."""

    def __init__(self, using: str, topic: str = RECORD) -> None:
        self.using = using
        self.topic = topic

    def __call__(self) -> None:
        _renew(self.using, self.topic)


_renewals: dict[tuple[str, str], _Renewal] = {}


def is_renewal(callback: object) -> bool:
    """Whether ``callback`` (queued with ``on_commit``) is the token's renewal."""
    return isinstance(callback, _Renewal)


def advance(using: str = "default", topic: str = RECORD) -> None:
    """Say that the record, its index or its flags changed (or what ``topic`` names): now, and
    again once committed."""
    _renew(using, topic)
    connection = connections[using]
    if connection.in_atomic_block:
        renewal = _renewals.setdefault((using, topic), _Renewal(using, topic))
        # Each entry: (savepoint ids, callback, robust).
        if not any(entry[1] is renewal for entry in connection.run_on_commit):
            transaction.on_commit(renewal, using=using)


M = TypeVar("M", bound=models.Model)


class AdvancingQuerySet(models.QuerySet[M]):
    """A queryset whose writes that send no signal (``update``, ``delete``, ``bulk_create``,
    ``bulk_update``: the transition services' conditional updates among them) advance
    ``generation_topic``; a model's saves and deletes one at a time do by ``advance_on_saves``."""

    generation_topic = RECORD

    def update(self, **kwargs: object) -> int:
        rows = super().update(**kwargs)
        if rows:
            advance(self.db, self.generation_topic)
        return rows

    def delete(self) -> tuple[int, dict[str, int]]:
        deleted = super().delete()
        advance(self.db, self.generation_topic)
        return deleted

    def bulk_create(self, *args: object, **kwargs: object) -> list[M]:
        created = super().bulk_create(*args, **kwargs)  # type: ignore[arg-type]
        advance(self.db, self.generation_topic)
        return created

    def bulk_update(self, *args: object, **kwargs: object) -> int:
        rows = super().bulk_update(*args, **kwargs)  # type: ignore[arg-type]
        advance(self.db, self.generation_topic)
        return rows


def advance_on_saves(topic: str, *senders: type[models.Model]) -> None:
    """Every save and delete of one of ``senders`` (services, the admin) advances ``topic``."""

    def advanced(sender: object, **kwargs: object) -> None:
        advance(str(kwargs.get("using") or "default"), topic)

    for sender in senders:
        for signal in (post_save, post_delete):
            signal.connect(
                advanced, sender=sender, weak=False, dispatch_uid=f"{topic}-generation-{sender}"
            )


def rows_key(*parts: object, using: str = "default") -> str:
    """The key of a page's rendered rows of questions (the ``{% cache %}`` blocks of the list and
    search results, in the per-process ``fragments`` cache): the generation, today's date (the
    rows' deadline tags say "due today", "overdue") and ``parts``, which must name everything
    else the rows show (the query their links carry, the page, the row tags the user sees)."""
    return hashlib.sha256(
        repr((current(using), timezone.localdate().isoformat(), parts)).encode()
    ).hexdigest()


# The cache that processes share their kept answers through (settings.CACHES).
SHARED_CACHE = "kept"
# Part of every shared key: changed only by ``Kept.clear_all`` (tests), so that a test never finds
# what an earlier one shared under a database name and token that happen to be the same.
_scope = ""


class Kept:
    """Answers this process keeps, each under the generation it was computed at (LRU, bounded).

    Thread-safe (gunicorn's threads share a process). A value is shared by every request that
    finds it: it must never be changed after it is made.

    With ``shared``, what is computed is also offered to the other processes through the
    ``kept`` cache, and looked for there before computing: the value must pickle without
    queries (model instances, lists, numbers; never an unevaluated queryset), and the key's
    ``repr`` must name it completely (it is the shared key).
    """

    _all: list[Kept] = []

    def __init__(self, name: str, size: int, *, shared: bool = False, topic: str = RECORD) -> None:
        self.name = name
        self.size = size
        self.shared = shared
        self.topic = topic
        self._entries: OrderedDict[Hashable, tuple[float, object]] = OrderedDict()
        self._lock = Lock()
        Kept._all.append(self)

    def get(self, key: Hashable, compute: Callable[[], T], *, using: str = "default") -> T:
        """The answer for ``key`` at this generation: kept, or computed now and kept."""
        full = (connections[using].settings_dict["NAME"], current(using, self.topic), key)
        try:
            hash(full)
        except TypeError:  # a key holding a list: not kept, computed each time
            return compute()
        now = time.monotonic()
        with self._lock:
            found = self._entries.get(full)
            if found is not None and now - found[0] <= MAX_AGE_SECONDS:
                self._entries.move_to_end(full)
                return found[1]  # type: ignore[return-value]
        if self.shared:
            shared_key = self._shared_key(full)
            offered = _shared_get(shared_key)
            if offered is not None:
                # Its age counts from when the other process computed it.
                self._keep(full, now - (time.time() - offered[0]), offered[1])
                return offered[1]  # type: ignore[return-value]
        value = compute()
        self._keep(full, now, value)
        if self.shared:
            _shared_set(shared_key, value)
        return value

    def _keep(self, full: Hashable, since: float, value: object) -> None:
        with self._lock:
            self._entries[full] = (since, value)
            self._entries.move_to_end(full)
            while len(self._entries) > self.size:
                self._entries.popitem(last=False)

    def _shared_key(self, full: tuple[object, ...]) -> str:
        return "kept:" + hashlib.sha256(repr((_scope, self.name, full)).encode()).hexdigest()

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()

    def __len__(self) -> int:
        return len(self._entries)

    @classmethod
    def clear_all(cls) -> None:
        """Forget every kept answer, and stop finding what was shared until now (tests: each
        starts as a new process would, on a machine where nothing was computed yet)."""
        global _scope
        _scope = uuid.uuid4().hex
        for kept in cls._all:
            kept.clear()


def _shared_get(key: str) -> tuple[float, object] | None:
    """(when computed, value) from the shared cache, if another process put it there."""
    try:
        found = caches[SHARED_CACHE].get(key)
    except Exception:  # noqa: BLE001 (an unreadable shared cache means: compute it here)
        logger.warning("A kept answer could not be read from the shared cache", exc_info=True)
        return None
    if not isinstance(found, tuple) or len(found) != 2:
        return None
    # Set with MAX_AGE_SECONDS as its timeout, but Redis expires it by its own clock: the age
    # is checked here too, by this process's.
    return found if 0 <= time.time() - found[0] <= MAX_AGE_SECONDS else None


def _shared_set(key: str, value: object) -> None:
    try:
        caches[SHARED_CACHE].set(key, (time.time(), value), timeout=MAX_AGE_SECONDS)
    except Exception:  # noqa: BLE001 (the answer is computed and kept here all the same)
        logger.warning("A kept answer could not be shared", exc_info=True)


class SharedFileCache(FileBasedCache):
    """The embedded mode's ``kept`` cache: Django's file cache, but counting its files (to cull
    past ``MAX_ENTRIES``) once every ``COUNT_EVERY`` sets a process makes rather than at every
    set. Counting lists the folder: ~4 ms at a few thousand files, most of a set's cost, paid
    by each question page computed. The folder may pass its bound by up to ``COUNT_EVERY``
    entries a web process between counts."""

    COUNT_EVERY = 100

    def __init__(self, dir: str, params: dict[str, object]) -> None:  # noqa: A002 (Django's)
        super().__init__(dir, params)
        self._sets = 0
        self._sets_lock = Lock()

    def _cull(self) -> None:
        with self._sets_lock:
            due = self._sets % self.COUNT_EVERY == 0
            self._sets += 1
        if due:
            super()._cull()  # type: ignore[misc]
