"""A real HTTP server standing in for Parliament's Written Questions and Members APIs.

It serves from an in-memory store and behaves as NOTES.md records the real listing does: the
listing gives previews (question text cut to 255 characters, answer text stripped of HTML and cut
to 255 + "...", no attachments, empty original answer), the detail endpoint the full record.
Faults can be injected to exercise retries.
"""

from __future__ import annotations

import copy
import html
import json
import re
import sys
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

QUESTIONS_PREFIX = "/questions-api"
MEMBERS_PREFIX = "/members-api"
_TAG = re.compile(r"<[^>]+>")


class _QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        # Clients that time out or give up drop the connection; that is the point of those tests.
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)  # type: ignore[arg-type]


def preview(value: dict) -> dict:
    """A detail value as the bulk listing shows it."""
    item = copy.deepcopy(value)
    text = item.get("questionText")
    if isinstance(text, str):
        item["questionText"] = text[:255]
    answer = item.get("answerText")
    if isinstance(answer, str):
        # The real listing drops tags without adding spaces, so table cells run together.
        plain = html.unescape(_TAG.sub("", answer))
        item["answerText"] = plain[:255] + "..." if len(plain) > 255 else plain
    item["attachments"] = []
    item["attachmentCount"] = 0
    item["originalAnswerText"] = ""
    item["comparableAnswerText"] = ""
    return item


def _day(value: Any) -> str | None:
    return value[:10] if isinstance(value, str) else None


def _problem(status: int, detail: str = "") -> bytes:
    return json.dumps(
        {"type": "about:blank", "title": "Error", "status": status, "detail": detail}
    ).encode()


class FakeParliament:
    """Start on a free port with ``FakeParliament()``; ``stop()`` when done."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._questions: dict[int, dict] = {}
        self._members: dict[int, dict] = {}
        self._biographies: dict[int, dict] = {}
        self._faults: list[tuple[str, Any]] = []
        self._path_faults: dict[str, int] = {}
        self.requests: list[str] = []
        self.user_agents: list[str] = []
        self._server = _QuietServer(("127.0.0.1", 0), self._handler_class())
        host, port = self._server.server_address[:2]
        self.base_url = f"http://{host}:{port}"
        self.questions_url = self.base_url + QUESTIONS_PREFIX
        self.members_url = self.base_url + MEMBERS_PREFIX
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self._thread.start()

    # --- The store ----------------------------------------------------------------------------
    def set_questions(self, values: list[dict]) -> None:
        with self._lock:
            self._questions = {int(v["id"]): copy.deepcopy(v) for v in values}

    def put_question(self, value: dict) -> None:
        with self._lock:
            self._questions[int(value["id"])] = copy.deepcopy(value)

    def remove_question(self, question_id: int) -> None:
        with self._lock:
            self._questions.pop(question_id, None)

    def add_member(self, value: dict, biography: dict | None = None) -> None:
        with self._lock:
            self._members[int(value["id"])] = copy.deepcopy(value)
            if biography is not None:
                self._biographies[int(value["id"])] = copy.deepcopy(biography)

    # --- Faults -------------------------------------------------------------------------------
    def fail_next(self, n: int, status: int = 500, *, retry_after: str | None = None) -> None:
        with self._lock:
            self._faults.extend([("status", (status, retry_after))] * n)

    def timeout_next(self, n: int, seconds: float) -> None:
        with self._lock:
            self._faults.extend([("sleep", seconds)] * n)

    def malformed_next(self, n: int) -> None:
        with self._lock:
            self._faults.extend([("malformed", None)] * n)

    def truncate_next(self, n: int) -> None:
        """The connection drops part-way through the body."""
        with self._lock:
            self._faults.extend([("truncate", None)] * n)

    def error_body_next(self, n: int) -> None:
        """200 with a ProblemDetails body saying 500, as the real API has been seen to do."""
        with self._lock:
            self._faults.extend([("error_body", None)] * n)

    def fail_path(self, substring: str, status: int | None) -> None:
        """Every request whose path contains ``substring`` fails with ``status`` (None clears)."""
        with self._lock:
            if status is None:
                self._path_faults.pop(substring, None)
            else:
                self._path_faults[substring] = status

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)

    def __enter__(self) -> FakeParliament:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # --- Serving ------------------------------------------------------------------------------
    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: Any) -> None:
                pass

            def do_GET(self) -> None:
                try:
                    status, body, headers = fake._respond(
                        self.path, self.headers.get("User-Agent", "")
                    )
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json; charset=utf-8")
                    # A truncated body: promise more bytes than are sent, then hang up.
                    declared = len(body) + (1000 if headers.pop("X-Truncate", None) else 0)
                    self.send_header("Content-Length", str(declared))
                    self.close_connection = declared != len(body)
                    for key, value in headers.items():
                        self.send_header(key, value)
                    self.end_headers()
                    self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (a timeout test): nothing to answer

        return Handler

    def _respond(self, raw_path: str, user_agent: str) -> tuple[int, bytes, dict[str, str]]:
        parts = urllib.parse.urlsplit(raw_path)
        with self._lock:
            fault = self._faults.pop(0) if self._faults else None
            path_status = next(
                (s for sub, s in self._path_faults.items() if sub in parts.path), None
            )
        for prefix in (QUESTIONS_PREFIX, MEMBERS_PREFIX):
            if parts.path.startswith(prefix):
                api_path = parts.path[len(prefix) :]
                break
        else:
            api_path = parts.path
        record = api_path + (f"?{parts.query}" if parts.query else "")
        with self._lock:
            self.requests.append(record)
            self.user_agents.append(user_agent)
        if fault is not None:
            kind, arg = fault
            if kind == "status":
                status, retry_after = arg
                return (
                    status,
                    _problem(status),
                    ({"Retry-After": retry_after} if retry_after else {}),
                )
            if kind == "sleep":
                time.sleep(arg)
            if kind == "malformed":
                return 200, b'{"totalResults": 1, "results": [', {}
            if kind == "truncate":
                return 200, b'{"totalResults": 1, "res', {"X-Truncate": "1"}
            if kind == "error_body":
                return 200, _problem(500, "An error occurred"), {}
        if path_status is not None:
            return path_status, _problem(path_status), {}
        query = urllib.parse.parse_qs(parts.query)
        return self._route(api_path, query)

    def _route(self, path: str, query: dict[str, list[str]]) -> tuple[int, bytes, dict[str, str]]:
        if path.rstrip("/") == "/api/writtenquestions/questions":
            return 200, json.dumps(self._listing(query)).encode(), {}
        match = re.fullmatch(r"/api/writtenquestions/questions/(\d+)", path)
        if match:
            with self._lock:
                value = self._questions.get(int(match.group(1)))
            if value is None:
                return 404, _problem(404, "Not Found"), {}
            return 200, json.dumps({"value": value, "links": []}).encode(), {}
        match = re.fullmatch(r"/api/writtenquestions/questions/(\d{4}-\d{2}-\d{2})/([^/]+)", path)
        if match:
            day, uin = match.group(1), urllib.parse.unquote(match.group(2))
            with self._lock:
                found = [
                    v
                    for v in self._questions.values()
                    if _day(v.get("dateTabled")) == day and str(v.get("uin")) == uin
                ]
            if not found:
                return 404, _problem(404, "Not Found"), {}
            return 200, json.dumps({"value": found[0], "links": []}).encode(), {}
        match = re.fullmatch(r"/api/Members/(\d+)(/Biography)?", path)
        if match:
            member_id = int(match.group(1))
            store = self._biographies if match.group(2) else self._members
            with self._lock:
                value = store.get(member_id)
            if value is None:
                return 404, _problem(404, "Not Found"), {}
            return 200, json.dumps({"value": value, "links": []}).encode(), {}
        return 404, _problem(404, f"No route for {path}"), {}

    def _listing(self, query: dict[str, list[str]]) -> dict:
        def one(name: str) -> str | None:
            values = query.get(name)
            return values[0] if values else None

        with self._lock:
            items = list(self._questions.values())
        for param, field in (
            ("tabledWhen", "dateTabled"),
            ("answeredWhen", "dateAnswered"),
            ("correctedWhen", "dateAnswerCorrected"),
        ):
            start, end = one(param + "From"), one(param + "To")
            if start:
                items = [v for v in items if (_day(v.get(field)) or "") >= start]
            if end:
                items = [
                    v for v in items if _day(v.get(field)) is not None and _day(v.get(field)) <= end
                ]
        bodies = {int(b) for b in query.get("answeringBodies", [])}
        if bodies:
            items = [v for v in items if v.get("answeringBodyId") in bodies]
        house = one("house")
        if house and house != "Bicameral":
            items = [v for v in items if v.get("house") == house]
        uin = one("uIN")
        if uin:
            items = [v for v in items if str(v.get("uin")) == uin]
        if (one("includeWithdrawn") or "false").lower() != "true":
            items = [v for v in items if not v.get("isWithdrawn")]
        skip = int(one("skip") or 0)
        take = int(one("take") or 20)
        page = items[skip : skip + take]
        return {
            "totalResults": len(items),
            "results": [
                {
                    "value": preview(v),
                    "links": [{"rel": "self", "href": f"/Questions/{v['id']}", "method": "GET"}],
                }
                for v in page
            ],
        }
