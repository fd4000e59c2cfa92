"""gunicorn's settings for the Dockerfile and docker-compose (``gunicorn -c python:...``; the
address to bind is given on their command lines).

Threads, so that a slow client or a file download holds one thread and not a whole process, and
a browser's keep-alive connection costs a thread's wait, not a worker's. Large CSVs are made by the
worker (exports app), so no request needs long: the timeouts are short. Reasons in
docs/adr/0006-web-server-and-downloads.md. Every value comes from the environment.
"""

from __future__ import annotations

import os


def _int(name: str, default: int) -> int:
    raw = os.environ.get(name, "").strip()
    return int(raw) if raw else default


worker_class = "gthread"
workers = _int("WEB_WORKERS", 2)
threads = _int("WEB_THREADS", 4)
# A worker whose main loop has not checked in for this long is killed and replaced.
timeout = _int("WEB_TIMEOUT_SECONDS", 30)
# On restart or scale-down, requests in flight get this long to finish.
graceful_timeout = _int("WEB_GRACEFUL_TIMEOUT_SECONDS", 30)
# Longer than nothing (browsers reuse connections for a page's assets), shorter than a load
# balancer's idle timeout (60 s on AWS ALB), so the balancer never sends on a closed connection.
keepalive = _int("WEB_KEEPALIVE_SECONDS", 5)
# A worker is replaced after this many requests (jittered), which bounds slow memory growth.
# Not too often: a new worker starts with nothing kept (parliament.generation, ADR 19) and
# spends a second or two of CPU starting; at 100 requests a second 2,000 was a restart a worker
# every 40 seconds. What a process keeps is bounded, so memory does not grow with requests.
max_requests = _int("WEB_MAX_REQUESTS", 20000)
# Each worker listens on its own socket (SO_REUSEPORT) and the kernel spreads new connections
# over them: on one shared socket a burst of connections (16 clients starting together, or a
# load balancer opening its pool) went to whichever worker woke first, and stayed there,
# kept alive, while the other worker idled (ADR 6).
reuse_port = os.environ.get("WEB_REUSE_PORT", "true").strip().lower() not in ("0", "false", "no")
max_requests_jitter = max_requests // 10
accesslog = "-"
# Behind a proxy the client's address comes from LOGIN_TRUSTED_PROXY_COUNT, not from here.
forwarded_allow_ips = os.environ.get("WEB_FORWARDED_ALLOW_IPS", "127.0.0.1")
