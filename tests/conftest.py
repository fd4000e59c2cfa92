"""Shared fixtures: persona users, service availability rules, and the ../shared data folder.

In CI (CI=true) a test that needs PostgreSQL, Redis, Chromium or ../shared fails when it is
missing; elsewhere it is skipped with the reason. Tests marked ``postgres`` or ``redis`` are about
those engines themselves: they are deselected (not skipped) in a run configured without them,
and run in CI's second pass, which sets DATABASE_URL and REDIS_URL.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings

from pqtracker.accounts.roles import Role
from tests.factories import UserFactory

IN_CI = os.environ.get("CI", "").lower() == "true"
REPO_ROOT = Path(__file__).resolve().parent.parent
SHARED_DIR = Path(os.environ.get("PQTRACKER_SHARED_DIR", REPO_ROOT.parent / "shared"))
CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))


def need(available: bool, reason: str) -> None:
    """Skip (locally) or fail (in CI) when something a test needs is not there."""
    if available:
        return
    if IN_CI:
        pytest.fail(f"CI=true and {reason}", pytrace=False)
    pytest.skip(reason)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    missing = set()
    if not settings.USES_POSTGRES:
        missing.add("postgres")
    if not settings.REDIS_URL:
        missing.add("redis")
    if not missing:
        return
    keep, drop = [], []
    for item in items:
        (drop if missing & {m.name for m in item.iter_markers()} else keep).append(item)
    if drop:
        config.hook.pytest_deselected(items=drop)
        items[:] = keep


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):  # type: ignore[no-untyped-def]
    """pytest-django's test databases, and before they are dropped, an end to any session that a
    thread a test started (a live server, a concurrent writer) still holds: PostgreSQL refuses to
    drop a database somebody is connected to."""
    yield
    from django.db import connections

    with django_db_blocker.unblock():
        for connection in connections.all():
            if connection.vendor != "postgresql":
                continue
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                    " WHERE datname = current_database() AND pid <> pg_backend_pid()"
                )


@pytest.fixture(autouse=True)
def _nothing_kept_from_another_test() -> None:
    """Each test starts as a fresh web process would: with no search rankings, similar
    questions or counts kept (``parliament.generation``). A test's database is rolled back at
    its end, but the generation token in the cache is not, so a later test could otherwise find
    an earlier one's answers under it."""
    from django.core.cache import caches

    from pqtracker.parliament.generation import Kept
    from pqtracker.search import pg_planning

    Kept.clear_all()
    caches["fragments"].clear()
    # PostgreSQL's word statistics, cached by the process for a minute: another test's.
    pg_planning._cache.clear()


# Session-wide (they only name folders) so that module-scoped data fixtures can use them.
@pytest.fixture(scope="session")
def shared_dir() -> Path:
    need(SHARED_DIR.is_dir(), f"the shared data folder {SHARED_DIR} is absent")
    return SHARED_DIR


@pytest.fixture(scope="session")
def parliament_data(shared_dir: Path) -> Path:
    return shared_dir / "data" / "parliament"


@pytest.fixture
def chromium_path() -> Path:
    need(
        CHROMIUM.exists(), f"Chromium is not installed at {CHROMIUM} (apt-get install -y chromium)"
    )
    return CHROMIUM


class _SharedChromium:
    """One Playwright driver and one Chromium for all of a test process's browser tests: starting
    them took about 0.7 s of each test. Tests stay apart as they did: each page is in a browser
    context of its own (``new_page`` and ``new_context`` make one), with its own cookies, storage
    and cache, and every context a test opened is closed after it.

    Playwright's sync API marks its event loop as running in this thread from start to stop.
    Outside a browser test that mark must not be there: Django would refuse ORM calls, and
    asgiref's ``Local`` would hand out a second set of database connections. So it is lifted
    after each browser test and set again before the next; ``asyncio._set_running_loop`` is what
    Playwright itself uses to set it.
    """

    def __init__(self) -> None:
        self._playwright: Any = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._browser: Any = None

    def open(self, chromium_path: Path) -> Any:
        if self._playwright is None:
            from playwright.sync_api import sync_playwright

            self._playwright = sync_playwright().start()
            self._loop = asyncio.get_running_loop()
        else:
            asyncio._set_running_loop(self._loop)
        try:
            if self._browser is None or not self._browser.is_connected():  # first use, or a crash
                self._browser = self._playwright.chromium.launch(
                    executable_path=str(chromium_path),
                    args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
                )
        except BaseException:
            asyncio._set_running_loop(None)  # the fixture fails, and its teardown will not run
            raise
        return self._browser

    def release(self) -> None:
        try:
            if self._browser.is_connected():
                for context in self._browser.contexts:
                    context.close()
        finally:
            asyncio._set_running_loop(None)

    def stop(self) -> None:
        if self._playwright is None:
            return
        asyncio._set_running_loop(self._loop)
        if self._browser is not None and self._browser.is_connected():
            self._browser.close()
        self._playwright.stop()  # ends the loop, which takes the mark away


@pytest.fixture(scope="session")
def _shared_chromium() -> Iterator[_SharedChromium]:
    chromium = _SharedChromium()  # started by the first browser test, if any
    yield chromium
    chromium.stop()


@pytest.fixture
def browser(
    chromium_path: Path, monkeypatch: pytest.MonkeyPatch, _shared_chromium: _SharedChromium
) -> Iterator[object]:
    """Chromium through Playwright's sync API (the process's shared one: ``_SharedChromium``).

    Request it after every fixture that touches the database: Playwright runs an event loop in
    this thread, and a database connection first opened inside it is a separate one that is never
    closed, so PostgreSQL then refuses to drop the test database.
    """
    # With that loop running, Django would otherwise refuse ORM calls.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    browser = _shared_chromium.open(chromium_path)
    yield browser
    _shared_chromium.release()


@pytest.fixture
def pq_team(db):  # type: ignore[no-untyped-def]
    return UserFactory(username="pq_team", roles=[Role.PQ_TEAM])


@pytest.fixture
def drafter(db):  # type: ignore[no-untyped-def]
    return UserFactory(username="drafter", roles=[Role.DRAFTER])


@pytest.fixture
def clearer(db):  # type: ignore[no-untyped-def]
    return UserFactory(username="clearer", roles=[Role.CLEARER])


@pytest.fixture
def clerk(db):  # type: ignore[no-untyped-def]
    return UserFactory(username="clerk", roles=[Role.CLERK])


@pytest.fixture
def viewer(db):  # type: ignore[no-untyped-def]
    return UserFactory(username="viewer", roles=[Role.VIEWER])


@pytest.fixture
def no_role_user(db):  # type: ignore[no-untyped-def]
    return UserFactory(username="norole")


# --- Answers personas: two policy teams, a drafter in each, a clearer holding a step -------------


@pytest.fixture
def team_a(db):  # type: ignore[no-untyped-def]
    from tests.factories import PolicyTeamFactory

    return PolicyTeamFactory(name="SEND Policy", directorate="SEND", division="SEND Reform")


@pytest.fixture
def team_b(db):  # type: ignore[no-untyped-def]
    from tests.factories import PolicyTeamFactory

    return PolicyTeamFactory(name="Schools Funding", directorate="Funding", division="Schools")


@pytest.fixture
def drafter_a(drafter, team_a):  # type: ignore[no-untyped-def]
    """The ``drafter`` persona, a member of team A."""
    from tests.factories import add_to_team

    return add_to_team(drafter, team_a)


@pytest.fixture
def drafter_a2(db, team_a):  # type: ignore[no-untyped-def]
    """A second drafter in team A (a second candidate for the same commission)."""
    from tests.factories import add_to_team

    return add_to_team(UserFactory(username="drafter_a2", roles=[Role.DRAFTER]), team_a)


@pytest.fixture
def drafter_b(db, team_b):  # type: ignore[no-untyped-def]
    from tests.factories import add_to_team

    return add_to_team(UserFactory(username="drafter_b", roles=[Role.DRAFTER]), team_b)


@pytest.fixture
def clearer_b(db):  # type: ignore[no-untyped-def]
    """A clearer who holds no step of any case the tests build."""
    return UserFactory(username="clearer_b", roles=[Role.CLEARER])


@pytest.fixture
def clearance_chain(clearer):  # type: ignore[no-untyped-def]
    """The default chain (from the data migration), every required step assigned to ``clearer``,
    so that ``clearer`` holds each step of a case sent to clearance."""
    from pqtracker.answers.models import ClearanceStepDefinition

    ClearanceStepDefinition.objects.update(default_assignee=clearer)
    return list(ClearanceStepDefinition.objects.active().filter(optional=False))


@pytest.fixture(autouse=True)
def _eager_celery(settings):  # type: ignore[no-untyped-def]
    """Tasks run inline unless a test starts a real worker (tests/test_worker.py)."""
    from pqtracker.celery import app

    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = False


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """Remove this run's private broker folder (settings names it per process)."""
    import shutil

    broker_dir = Path(settings.CELERY_BROKER_DIR)
    if broker_dir.name.startswith("test-celery-broker-"):
        shutil.rmtree(broker_dir, ignore_errors=True)
