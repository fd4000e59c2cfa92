"""What went wrong with an import, said plainly for the imports page: what failed and what
happens next first, the technical detail after it, in brackets and short (the log has it all)."""

from __future__ import annotations

import re

from pqtracker.imports.client import ParliamentRequestRejected, ParliamentUnavailable

KEPT = "What was fetched before then is kept, and the next run carries on from there."
_DETAIL_MAX = 200
_QUERY = re.compile(r"\?[^\s]+")


def describe(error: BaseException) -> str:
    if isinstance(error, ParliamentRequestRejected):
        detail = str(error).removeprefix("Parliament API: ")
        return (
            "Parliament's API refused the request PQ Tracker sent it, so retrying will not help: "
            f"tell the service's administrators. (Detail: {_short(detail)})"
        )
    if isinstance(error, ParliamentUnavailable):
        attempts = error.attempts
        tries = f" after {attempts} {'try' if attempts == 1 else 'tries'}" if attempts else ""
        reason = f" (last answer: {_short(error.reason)})" if error.reason else ""
        if not attempts and not reason:
            reason = f" (detail: {_short(str(error))})"
        return f"Parliament's API did not answer properly{tries}{reason}. {KEPT}"
    return (
        "PQ Tracker stopped with an internal error while importing. Tell the service's "
        "administrators if the next run fails too; the worker's log has the details. "
        f"(Detail: {_short(f'{type(error).__name__}: {error}')})"
    )


def _short(text: str) -> str:
    # A URL's query string (every filter of the request) is noise here.
    text = _QUERY.sub("?…", " ".join(text.split()))
    return text if len(text) <= _DETAIL_MAX else text[: _DETAIL_MAX - 1] + "…"
