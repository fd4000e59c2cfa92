"""Every redirect hop is checked again: the API client stays on its host and on http(s); a page
import follows http(s) redirects only, and only so many."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core.management import CommandError, call_command

from pqtracker.imports.client import ParliamentClient, ParliamentRedirectRefused
from pqtracker.imports.redirects import MAX_REDIRECTS
from pqtracker.parliament.models import ImportRun, ImportRunStatus, WrittenQuestion
from tests.imports.conftest import FIXTURES

OFFICIAL_PAGE = (FIXTURES / "official_lords_hl4321.html").read_bytes()
MEMBER = json.dumps({"value": {"id": 2, "nameDisplayAs": "Ms Jane Doe"}}).encode()


class RedirectServer:
    """127.0.0.1 on a free port: ``redirects`` maps a path to its Location, ``bodies`` a path to
    (content type, bytes); ``requests`` lists every path asked for."""

    def __init__(self) -> None:
        self.redirects: dict[str, str] = {}
        self.bodies: dict[str, tuple[str, bytes]] = {}
        self.requests: list[str] = []
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 - the stdlib's name
                path = self.path.split("?", 1)[0]
                owner.requests.append(path)
                if path in owner.redirects:
                    self.send_response(302)
                    self.send_header("Location", owner.redirects[path])
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                elif path in owner.bodies:
                    content_type, body = owner.bodies[path]
                    self.send_response(200)
                    self.send_header("Content-Type", content_type)
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                else:
                    self.send_error(404)

            def log_message(self, format: str, *args: object) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        host, port = self._server.server_address[:2]
        self.port = port
        self.url = f"http://{host}:{port}"
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self._thread.start()

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)


@pytest.fixture
def server() -> Iterator[RedirectServer]:
    running = RedirectServer()
    try:
        yield running
    finally:
        running.stop()


def client_for(server: RedirectServer) -> ParliamentClient:
    # Retries would hide whether a refused redirect is retried: allow some, and count requests.
    return ParliamentClient(server.url, server.url, max_rps=0, retries=2, backoff=0.001)


# --- The API client -------------------------------------------------------------------------------
def test_client_follows_a_redirect_on_its_own_host(server: RedirectServer) -> None:
    server.redirects["/api/Members/1"] = "/api/Members/2"
    server.redirects["/api/Members/2"] = f"{server.url}/api/Members/3"
    server.bodies["/api/Members/3"] = ("application/json", MEMBER)
    assert client_for(server).get_member(1) == {"id": 2, "nameDisplayAs": "Ms Jane Doe"}
    assert server.requests == ["/api/Members/1", "/api/Members/2", "/api/Members/3"]


def test_client_refuses_a_redirect_to_another_host(server: RedirectServer) -> None:
    # "localhost" reaches this same server: only the host check stops the client going there.
    server.redirects["/api/Members/1"] = f"http://localhost:{server.port}/api/Members/2"
    server.bodies["/api/Members/2"] = ("application/json", MEMBER)
    with pytest.raises(ParliamentRedirectRefused) as refused:
        client_for(server).get_member(1)
    assert str(refused.value) == (
        f"Parliament API: Refused redirect from {server.url}/api/Members/1 to "
        f"http://localhost:{server.port}/api/Members/2: it leaves 127.0.0.1"
    )
    assert server.requests == ["/api/Members/1"]  # neither followed nor retried


@pytest.mark.parametrize("location", ["file:///etc/passwd", "ftp://127.0.0.1/api/Members/2"])
def test_client_refuses_a_redirect_to_another_scheme(server: RedirectServer, location: str) -> None:
    server.redirects["/api/Members/1"] = location
    with pytest.raises(ParliamentRedirectRefused, match="only http and https"):
        client_for(server).get_member(1)
    assert server.requests == ["/api/Members/1"]


def test_client_refuses_endless_redirects(server: RedirectServer) -> None:
    for hop in range(10):
        server.redirects[f"/api/Members/{hop}"] = f"/api/Members/{hop + 1}"
    with pytest.raises(ParliamentRedirectRefused, match=f"more than {MAX_REDIRECTS} redirects"):
        client_for(server).get_member(0)
    assert len(server.requests) == MAX_REDIRECTS + 1


@pytest.mark.django_db
def test_import_questions_command_exits_with_the_refused_redirect(
    server: RedirectServer, settings
) -> None:
    settings.PARLIAMENT_QUESTIONS_API_URL = server.url
    settings.PARLIAMENT_MEMBERS_API_URL = server.url
    settings.PARLIAMENT_API_MAX_RPS = 0
    settings.PARLIAMENT_API_BACKOFF_SECONDS = 0.001
    server.redirects["/api/writtenquestions/questions"] = "http://elsewhere.invalid/questions"
    with pytest.raises(CommandError, match="Refused redirect .* it leaves 127.0.0.1") as error:
        call_command("import_questions")
    assert "\n" not in str(error.value)


# --- import_page ----------------------------------------------------------------------------------
@pytest.mark.django_db
def test_import_page_follows_redirects(server: RedirectServer, capsys) -> None:
    server.redirects["/old"] = "/moved"
    server.redirects["/moved"] = f"{server.url}/page.html"
    server.bodies["/page.html"] = ("text/html; charset=utf-8", OFFICIAL_PAGE)
    call_command("import_page", f"{server.url}/old")
    assert capsys.readouterr().out.startswith("Added House of Lords question HL4321")
    assert WrittenQuestion.objects.get().uin == "HL4321"


@pytest.mark.django_db
@pytest.mark.parametrize("location", ["file:///etc/passwd", "ftp://127.0.0.1/page.html"])
def test_import_page_refuses_a_redirect_to_another_scheme(
    server: RedirectServer, location: str
) -> None:
    server.redirects["/old"] = location
    with pytest.raises(CommandError) as error:
        call_command("import_page", f"{server.url}/old")
    assert str(error.value) == (
        f"Refused redirect from {server.url}/old to {location}: "
        "only http and https redirects are followed"
    )
    run = ImportRun.objects.get()
    assert run.status == ImportRunStatus.FAILED
    assert run.error == str(error.value)
    assert not WrittenQuestion.objects.exists()


@pytest.mark.django_db
def test_import_page_refuses_endless_redirects(server: RedirectServer) -> None:
    for hop in range(10):
        server.redirects[f"/{hop}"] = f"/{hop + 1}"
    server.bodies["/10"] = ("text/html", OFFICIAL_PAGE)
    with pytest.raises(CommandError, match=f"more than {MAX_REDIRECTS} redirects"):
        call_command("import_page", f"{server.url}/0")
    assert len(server.requests) == MAX_REDIRECTS + 1
    assert not WrittenQuestion.objects.exists()
