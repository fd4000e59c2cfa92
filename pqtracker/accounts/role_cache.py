"""Each user's role names, kept in the cache so that a signed-in page does not read them (ADR 20).

Every page asks what ``request.user`` may do, and reading ``role_assignments`` was one of the
three queries each signed-in request made before its view ran. The names are kept in the
``sessions`` cache (Redis, or a file cache in its own folder and bound: a cull there costs a
query, and never drops the default cache's generation token) under the database's name and the
user's id, and read from the database on a miss.

Every write to role assignments drops the user's entry: ``post_save``/``post_delete`` (the
services, the admin, factories, a deleted user's cascade), and the queryset's writes that send no
signal (``RoleAssignmentQuerySet``); a new user row drops it too (SQLite reuses an id after a
rollback). It is dropped when the write is made, so the writing process reads the new roles at
once, and again when the write commits, so that a reader in another process that refilled it from
the rows before the commit is corrected. A reader that read those rows and writes them back only
after the commit's drop is the one case left: ``MAX_AGE_SECONDS`` bounds it.

An entry is filled only outside a transaction of our own: rows read inside one may yet be rolled
back, and nothing would drop an entry on a rollback. A cache that cannot be read or written costs
the query (a warning logged), never the page.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from django.conf import settings
from django.core.cache import caches
from django.db import connections, transaction

logger = logging.getLogger(__name__)

# The longest an entry is kept whatever the writes (seconds): the bound on a refill that raced a
# commit. One query a minute per signed-in user.
MAX_AGE_SECONDS = 60


def _key(user_id: int, using: str) -> str:
    # Per database: test databases, benchmark databases and the real one never share an entry.
    return f"pqtracker:role-names:{connections[using].settings_dict['NAME']}:{user_id}"


def read(user_id: int, using: str) -> set[str] | None:
    """The user's role names from the cache, or None when they are not there (or unreadable)."""
    try:
        names = caches[settings.SESSION_CACHE_ALIAS].get(_key(user_id, using))
    except Exception:
        logger.warning("role names could not be read from the cache", exc_info=True)
        return None
    return None if names is None else set(names)


def _in_own_transaction(using: str) -> bool:
    # The test framework's atomic blocks (Django marks them) are not ours: they hold a whole test,
    # rolled back at its end, and a later test's new user drops what is kept under a reused id.
    blocks = connections[using].atomic_blocks
    return any(not getattr(block, "_from_testcase", False) for block in blocks)


def fill(user_id: int, using: str, names: set[str]) -> None:
    if _in_own_transaction(using):
        return
    try:
        caches[settings.SESSION_CACHE_ALIAS].set(
            _key(user_id, using), sorted(names), MAX_AGE_SECONDS
        )
    except Exception:
        logger.warning("role names could not be written to the cache", exc_info=True)


def _drop(keys: list[str]) -> None:
    try:
        caches[settings.SESSION_CACHE_ALIAS].delete_many(keys)
    except Exception:
        # Nothing more can be done from here: MAX_AGE_SECONDS bounds what the entry still says.
        logger.error("role names could not be dropped from the cache: %s", keys, exc_info=True)


def forget(user_ids: Iterable[int | None], using: str) -> None:
    """Drop these users' role names now, and again when the current transaction commits."""
    keys = [_key(user_id, using) for user_id in set(user_ids) if user_id is not None]
    if not keys:
        return
    _drop(keys)
    if connections[using].in_atomic_block:
        transaction.on_commit(lambda: _drop(keys), using=using)


def assignment_written(sender: type, instance: object, using: str, **kwargs: object) -> None:
    """``post_save``/``post_delete`` of a role assignment: its user's roles (and, if a save moved
    it to another user, the user it was loaded with) are forgotten."""
    user_ids = [getattr(instance, "user_id", None), getattr(instance, "_loaded_user_id", None)]
    forget(user_ids, using)


def user_saved(sender: type, instance: object, created: bool, using: str, **kwargs: object) -> None:
    """``post_save`` of a user: a new row never finds roles kept under a reused id."""
    if created:
        forget([getattr(instance, "pk", None)], using)
