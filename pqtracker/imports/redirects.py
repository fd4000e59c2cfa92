"""Following HTTP redirects only where the first URL was allowed to go.

urllib follows redirects on its own, and its default handler lets a server send us on to any
host, and to ``ftp://`` as well as http(s). Every hop is checked here as the first URL was: by
scheme, optionally by host, and by count.
"""

from __future__ import annotations

import urllib.parse
import urllib.request
from http.client import HTTPMessage
from typing import IO, Any

WEB_SCHEMES = frozenset({"http", "https"})
MAX_REDIRECTS = 5


class RedirectRefused(Exception):
    """A server redirected where we do not follow; the message is one line."""


class CheckedRedirectHandler(urllib.request.HTTPRedirectHandler):
    """Follows at most ``max_hops`` redirects, to http(s) only, and with ``same_host`` only to
    the host the first request went to (the port and http -> https may change)."""

    def __init__(self, *, max_hops: int = MAX_REDIRECTS, same_host: bool = False) -> None:
        super().__init__()
        self.max_hops = max_hops
        self.same_host = same_host

    def http_error_302(
        self, req: urllib.request.Request, fp: IO[bytes], code: int, msg: str, headers: HTTPMessage
    ) -> Any:
        # Checked here, before the stdlib's own handling, which turns a file:// or other
        # non-web Location into an opaque HTTPError of the redirect's status.
        location = headers.get("location") or headers.get("uri")
        if location:
            self._check(req, fp, urllib.parse.urljoin(req.full_url, location))
        return super().http_error_302(req, fp, code, msg, headers)

    http_error_301 = http_error_303 = http_error_307 = http_error_308 = http_error_302

    def redirect_request(
        self,
        req: urllib.request.Request,
        fp: IO[bytes],
        code: int,
        msg: str,
        headers: HTTPMessage,
        newurl: str,
    ) -> urllib.request.Request | None:
        new = super().redirect_request(req, fp, code, msg, headers, newurl)
        if new is not None:
            new.redirect_hops = getattr(req, "redirect_hops", 0) + 1  # type: ignore[attr-defined]
        return new

    def _check(self, req: urllib.request.Request, fp: IO[bytes], newurl: str) -> None:
        target = urllib.parse.urlsplit(newurl)
        reason = ""
        if target.scheme.lower() not in WEB_SCHEMES:
            reason = "only http and https redirects are followed"
        elif self.same_host and (target.hostname or "") != req.origin_req_host.strip("[]"):
            reason = f"it leaves {req.origin_req_host}"
        elif getattr(req, "redirect_hops", 0) >= self.max_hops:
            reason = f"more than {self.max_hops} redirects"
        if reason:
            # The stdlib drains and closes the redirect response itself only when it follows it.
            fp.read()
            fp.close()
            raise RedirectRefused(f"Refused redirect from {req.full_url} to {newurl}: {reason}")


def checked_opener(*, same_host: bool = False) -> urllib.request.OpenerDirector:
    """An opener like ``urlopen``'s, whose redirects are each checked."""
    return urllib.request.build_opener(CheckedRedirectHandler(same_host=same_host))
