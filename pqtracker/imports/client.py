"""A small, polite HTTP client for Parliament's Written Questions API and Members API.

Standard library only (``urllib``): the APIs are plain JSON over GET. The client keeps to a
request rate (Parliament publishes no limit; 2-3 a second is the accepted etiquette), names
itself in the User-Agent, and retries what is worth retrying with exponential backoff and full
jitter. Everything else fails fast with one readable line.
"""

from __future__ import annotations

import datetime
import email.utils
import http.client
import json
import random
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator, Mapping
from typing import Any

from django.conf import settings

from pqtracker.imports.redirects import RedirectRefused, checked_opener

QUESTIONS_PATH = "/api/writtenquestions/questions"
PAGE_SIZE = 100
# Longest single wait between attempts, whatever Retry-After or the backoff says.
MAX_BACKOFF_SECONDS = 120.0

# The API spells a few parameters unlike plain camelCase.
_PARAM_NAMES = {"uin": "uIN"}
# Sent unless the caller overrides them (None drops one): without them the API leaves out
# withdrawn questions and, for backfills, earlier sessions, and returns bare member ids.
_LIST_DEFAULTS = {"session_status": "Any", "include_withdrawn": True, "expand_member": True}


class ParliamentError(Exception):
    """Base class of the client's errors."""


class ParliamentUnavailable(ParliamentError):
    """The API could not be reached or kept failing after every retry."""

    attempts: int | None = None
    reason: str = ""


class ParliamentRequestRejected(ParliamentUnavailable):
    """The API refused the request (a 4xx other than 404 and 429): retrying will not help."""


class ParliamentRedirectRefused(ParliamentRequestRejected):
    """The API redirected off its own host, or to something other than http(s)."""


def _camel(name: str) -> str:
    if name in _PARAM_NAMES:
        return _PARAM_NAMES[name]
    head, *rest = name.split("_")
    return head + "".join(part[:1].upper() + part[1:] for part in rest)


def _param_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


def build_query(filters: Mapping[str, Any]) -> list[tuple[str, str]]:
    """API query pairs from Python-named filters; lists become repeated parameters."""
    pairs: list[tuple[str, str]] = []
    for name, value in filters.items():
        if value is None:
            continue
        key = _camel(name)
        if isinstance(value, list | tuple | set | frozenset):
            items = sorted(value) if isinstance(value, set | frozenset) else value
            pairs.extend((key, _param_value(item)) for item in items)
        else:
            pairs.append((key, _param_value(value)))
    return pairs


def _retry_after_seconds(header: str | None) -> float | None:
    if not header:
        return None
    header = header.strip()
    if header.isdigit():
        return float(header)
    try:
        when = email.utils.parsedate_to_datetime(header)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=datetime.UTC)
    return max(0.0, (when - datetime.datetime.now(datetime.UTC)).total_seconds())


class RateLimiter:
    """At most ``max_rps`` starts a second, shared by every thread using one client.

    Each caller reserves the next free slot under the lock and sleeps outside it, so waiting
    threads never hold the lock and slots are handed out in order.
    """

    def __init__(
        self,
        max_rps: float,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.interval = 1.0 / max_rps if max_rps > 0 else 0.0
        self._clock = clock
        self._sleep = sleep
        self._lock = threading.Lock()
        self._next = 0.0

    def wait(self) -> None:
        if not self.interval:
            return
        with self._lock:
            now = self._clock()
            start = max(now, self._next)
            self._next = start + self.interval
        if start > now:
            self._sleep(start - now)


class _Retry(Exception):
    """One failed attempt worth retrying; ``wait`` is the server's Retry-After, if any."""

    def __init__(self, reason: str, wait: float | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.wait = wait


class ParliamentClient:
    """The Written Questions and Members APIs. ``retries`` counts attempts after the first."""

    def __init__(
        self,
        questions_url: str | None = None,
        members_url: str | None = None,
        *,
        timeout: float | None = None,
        max_rps: float | None = None,
        retries: int | None = None,
        backoff: float | None = None,
        user_agent: str | None = None,
        sleep: Callable[[float], None] = time.sleep,
        calendar_url: str | None = None,
    ) -> None:
        self.questions_url = (questions_url or settings.PARLIAMENT_QUESTIONS_API_URL).rstrip("/")
        self.members_url = (members_url or settings.PARLIAMENT_MEMBERS_API_URL).rstrip("/")
        self.calendar_url = (calendar_url or settings.PARLIAMENT_CALENDAR_API_URL).rstrip("/")
        self.timeout = float(
            timeout if timeout is not None else settings.PARLIAMENT_API_TIMEOUT_SECONDS
        )
        self.retries = int(retries if retries is not None else settings.PARLIAMENT_API_RETRIES)
        self.backoff = float(
            backoff
            if backoff is not None
            else getattr(settings, "PARLIAMENT_API_BACKOFF_SECONDS", 1.0)
        )
        self.user_agent = user_agent or settings.PARLIAMENT_API_USER_AGENT
        self.sleep = sleep
        # Called before each retry with (retry number, retries allowed, the last failure).
        self.on_retry: Callable[[int, int, str], None] | None = None
        rps = max_rps if max_rps is not None else settings.PARLIAMENT_API_MAX_RPS
        self.limiter = RateLimiter(float(rps), sleep=sleep)
        # Redirects stay on the host each request was sent to (the configured base URL's).
        self._opener = checked_opener(same_host=True)
        for base in (self.questions_url, self.members_url, self.calendar_url):
            # urllib would also open file:// and ftp:// URLs; only web APIs are meant here.
            if urllib.parse.urlsplit(base).scheme not in {"http", "https"}:
                raise ValueError(f"Parliament API URL must be http or https, not {base!r}")

    # --- Written Questions API ----------------------------------------------------------------
    def list_questions(
        self, *, skip: int = 0, take: int = PAGE_SIZE, **filters: Any
    ) -> tuple[int, list[dict]]:
        """One page of the listing: ``(totalResults, [QuestionsViewModel, ...])``."""
        params = {**_LIST_DEFAULTS, **filters, "skip": skip, "take": take}
        body = self._get_json(self.questions_url + QUESTIONS_PATH, build_query(params))
        if not isinstance(body, dict) or not isinstance(body.get("results"), list):
            raise ParliamentUnavailable(
                f"Unexpected listing from {self.questions_url + QUESTIONS_PATH}: no results list"
            )
        total = body.get("totalResults")
        values = [
            item["value"] for item in body["results"] if isinstance(item, dict) and "value" in item
        ]
        return (total if isinstance(total, int) else len(values)), values

    def iter_questions(self, **filters: Any) -> Iterator[dict]:
        """Every item the listing gives for ``filters``, each id once.

        Rows can move between pages while we page through data that is changing, so the same id
        may come twice; it is yielded the first time only.
        """
        filters.pop("skip", None)
        filters.pop("take", None)
        seen: set[Any] = set()
        skip = 0
        while True:
            total, values = self.list_questions(skip=skip, take=PAGE_SIZE, **filters)
            if not values:
                return
            for value in values:
                key = value.get("id")
                if key in seen:
                    continue
                seen.add(key)
                yield value
            skip += len(values)
            if skip >= total:
                return

    def get_question(self, question_id: int) -> dict | None:
        """The full question (full text, HTML answer, attachments); None if there is none."""
        query = build_query({"expand_member": True, "session_status": "Any"})
        body = self._get_json(
            f"{self.questions_url}{QUESTIONS_PATH}/{int(question_id)}", query, allow_404=True
        )
        return _value(body)

    def get_question_by_uin(self, date_tabled: datetime.date, uin: str) -> dict | None:
        """The question tabled on ``date_tabled`` as ``uin``, as grouped questions name it."""
        path = f"{QUESTIONS_PATH}/{date_tabled.isoformat()}/{urllib.parse.quote(uin, safe='')}"
        query = build_query({"expand_member": True, "session_status": "Any"})
        return _value(self._get_json(self.questions_url + path, query, allow_404=True))

    # --- Members API --------------------------------------------------------------------------
    def get_member(self, member_id: int) -> dict | None:
        return _value(
            self._get_json(f"{self.members_url}/api/Members/{int(member_id)}", [], allow_404=True)
        )

    def get_member_biography(self, member_id: int) -> dict | None:
        url = f"{self.members_url}/api/Members/{int(member_id)}/Biography"
        return _value(self._get_json(url, [], allow_404=True))

    # --- What's On (calendar) API ----------------------------------------------------------------
    def list_non_sitting(self, *, house: str, start: datetime.date, end: datetime.date) -> list:
        """``GET /calendar/events/nonsitting.json``: a JSON array of non-sitting periods."""
        query = [
            ("queryParameters.house", house),
            ("queryParameters.startDate", start.isoformat()),
            ("queryParameters.endDate", end.isoformat()),
        ]
        body = self._get_json(f"{self.calendar_url}/calendar/events/nonsitting.json", query)
        if not isinstance(body, list):
            raise ParliamentUnavailable("Unexpected calendar response: not a list")
        return body

    # --- Transport ----------------------------------------------------------------------------
    def _get_json(self, url: str, query: list[tuple[str, str]], *, allow_404: bool = False) -> Any:
        full_url = f"{url}?{urllib.parse.urlencode(query)}" if query else url
        attempts = self.retries + 1
        last = ""
        retry_wait: float | None = None
        for attempt in range(attempts):
            if attempt:
                if self.on_retry is not None:  # what the import is doing meanwhile
                    self.on_retry(attempt, self.retries, last)
                self.sleep(self._backoff_seconds(attempt, retry_wait))
            self.limiter.wait()
            try:
                return self._attempt(full_url, allow_404=allow_404)
            except _Retry as retry:
                last, retry_wait = retry.reason, retry.wait
        error = ParliamentUnavailable(
            f"Parliament API unavailable after {attempts} attempts: GET {full_url} -> {last}"
        )
        error.attempts, error.reason = attempts, last  # for a plain message (imports.failures)
        raise error

    def _backoff_seconds(self, attempt: int, retry_after: float | None) -> float:
        ceiling = min(MAX_BACKOFF_SECONDS, self.backoff * (2 ** (attempt - 1)))
        jittered = random.uniform(0, ceiling)  # full jitter: spreads retries from many workers
        if retry_after is not None:
            return min(MAX_BACKOFF_SECONDS, max(retry_after, jittered))
        return jittered

    def _attempt(self, url: str, *, allow_404: bool) -> Any:
        request = urllib.request.Request(  # noqa: S310 - scheme checked to be http(s) in __init__
            url, headers={"User-Agent": self.user_agent, "Accept": "application/json"}
        )
        try:
            with self._opener.open(request, timeout=self.timeout) as response:
                raw = response.read()
        except RedirectRefused as error:
            raise ParliamentRedirectRefused(f"Parliament API: {error}") from None
        except urllib.error.HTTPError as error:
            with error:
                status = error.code
                retry_after = _retry_after_seconds(error.headers.get("Retry-After"))
            if status == 404 and allow_404:
                return None
            if status == 429 or status >= 500:
                raise _Retry(f"HTTP {status}", retry_after) from None
            raise ParliamentRequestRejected(
                f"Parliament API refused GET {url}: HTTP {status}"
            ) from None
        except TimeoutError:
            raise _Retry(f"timed out after {self.timeout:g}s") from None
        except urllib.error.URLError as error:
            reason = error.reason
            if isinstance(reason, TimeoutError):
                raise _Retry(f"timed out after {self.timeout:g}s") from None
            raise _Retry(f"connection error: {reason}") from None
        except (OSError, http.client.HTTPException) as error:
            # Resets, refused connections, truncated bodies (IncompleteRead), bad status lines.
            raise _Retry(f"connection error: {type(error).__name__}: {error}") from None
        try:
            body = json.loads(raw)
        except ValueError:
            raise _Retry("response was not valid JSON") from None
        # Under load the API has answered 200 with a ProblemDetails body of status 500.
        if isinstance(body, dict) and body.get("status") == 500:
            raise _Retry("JSON body reported status 500")
        return body


def _value(body: Any) -> dict | None:
    if body is None:
        return None
    if isinstance(body, dict) and isinstance(body.get("value"), dict):
        return body["value"]
    raise ParliamentUnavailable("Unexpected response from Parliament: no 'value' object")
