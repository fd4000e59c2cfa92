"""A real HTTP server standing in for Parliament's What's On calendar API (non-sitting periods).

It serves the periods it holds for a House that overlap the requested window, in the documented
shape (a JSON array, PascalCase keys, local date-times), and records each request's query.
fixtures/whatson_nonsitting.json is written by hand in that shape, not recorded: no recording of
the endpoint was available offline.
"""

from __future__ import annotations

import json
import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

FIXTURES = Path(__file__).parent / "fixtures"
PATH = "/calendar/events/nonsitting.json"


class FakeWhatsOn:
    def __init__(self, periods: list[dict] | None = None) -> None:
        self.periods = list(periods or [])
        self.requests: list[dict[str, str]] = []
        self.status = 200
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:
                pass

            def do_GET(self) -> None:  # noqa: N802 - the http.server API
                url = urllib.parse.urlsplit(self.path)
                query = dict(urllib.parse.parse_qsl(url.query))
                fake.requests.append(query)
                if url.path != PATH:
                    return self._send(404, {"error": "not found"})
                if fake.status != 200:
                    return self._send(fake.status, {"error": "unavailable"})
                house = query.get("queryParameters.house")
                start = query.get("queryParameters.startDate", "0000")
                end = query.get("queryParameters.endDate", "9999")
                body = [
                    p
                    for p in fake.periods
                    if p["House"] == house
                    and p["StartDate"][:10] <= end
                    and p["EndDate"][:10] >= start
                ]
                self._send(200, body)

            def _send(self, status: int, body: object) -> None:
                raw = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(raw)))
                self.end_headers()
                self.wfile.write(raw)

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        host, port = self._server.server_address[:2]
        self.url = f"http://{host}:{port}"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()

    @classmethod
    def recorded(cls) -> FakeWhatsOn:
        return cls(json.loads((FIXTURES / "whatson_nonsitting.json").read_text()))

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
