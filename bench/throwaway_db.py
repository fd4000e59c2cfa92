"""A fresh database for one benchmark run, chosen before Django is set up.

A temporary SQLite file, or with a PostgreSQL URL a new database created beside the one named and
dropped (with FORCE) at the end. Returns the engine label and a cleanup function.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable


def setup_database(postgres: str | None, *, prefix: str) -> tuple[str, Callable[[], None]]:
    # Tasks the write path queues (the near-duplicate check, the index worker's wake-up) go to a
    # broker folder of their own, never to one a worker reads for a real database: not to Redis
    # either, even where REDIS_URL is set.
    folder = tempfile.TemporaryDirectory(prefix=f"{prefix.replace('_', '-')}-")
    os.environ["PQTRACKER_VAR_DIR"] = folder.name
    os.environ.pop("REDIS_URL", None)
    if postgres:
        import psycopg
        from psycopg import sql

        name = f"{prefix}_{os.getpid()}"
        with psycopg.connect(postgres, autocommit=True) as conn:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        base, _, _ = postgres.rpartition("/")
        os.environ["DATABASE_URL"] = f"{base}/{name}"

        def cleanup() -> None:
            from django.db import connections

            connections.close_all()
            with psycopg.connect(postgres, autocommit=True) as conn:
                conn.execute(
                    sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
                )
            folder.cleanup()

        return "postgresql", cleanup
    os.environ["DATABASE_URL"] = f"sqlite:///{folder.name}/bench.sqlite3"
    return "sqlite", folder.cleanup
