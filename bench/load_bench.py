"""Load benchmark: the production web server under a mixed signed-in load.

    .venv/bin/python bench/load_bench.py [--questions 100000] [--postgres URL] [--keep NAME]
                                         [--clients 16] [--seconds 60] [--max-requests 200000]

Builds (or, with ``--keep``, reuses) a database as bench/pages_bench.py does, collects the static
files, then starts the web server exactly as the Dockerfile's ``CMD`` runs it (read from the
Dockerfile, bound to a free port on 127.0.0.1), with DEBUG off. ``--clients`` threads, each with a
session of its own, request a mix of pages for ``--seconds`` or until ``--max-requests`` in all,
whichever comes first: the question list (filters, sorts, pages), question pages, searches and
``/healthz``. Traffic goes to 127.0.0.1 only. Prints:

    load_rps          requests answered a second
    load_p95_ms       the 95th percentile of response times
    load_errors       responses other than 200, and failed connections
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import re
import shlex
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))

from bench.pages_bench import BENCH_USER, keep_database, percentile, prepare  # noqa: E402
from bench.throwaway_db import setup_database  # noqa: E402

SECRET_KEY = "load-benchmark-only-never-in-production-" + "k" * 24  # noqa: S105


def dockerfile_command() -> list[str]:
    """The Dockerfile's CMD (exec form), so the benchmark runs the server as production does."""
    text = (REPO_ROOT / "Dockerfile").read_text()
    found = re.findall(r"^CMD\s+(\[.*\])\s*$", text, flags=re.MULTILINE)
    if found:
        return list(json.loads(found[-1]))
    found = re.findall(r"^CMD\s+(.+)$", text, flags=re.MULTILINE)
    return shlex.split(found[-1])


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def server_command(port: int) -> list[str]:
    command = dockerfile_command()
    for index, part in enumerate(command):
        if part in ("--bind", "-b"):
            command[index + 1] = f"127.0.0.1:{port}"
        elif part.startswith("--bind="):
            command[index] = f"--bind=127.0.0.1:{port}"
    if command[0] in ("gunicorn", "python", "python3"):
        command[0] = str(Path(sys.executable).with_name(command[0]))
    # Access logs to a pipe nobody reads would block the server: drop them.
    if "--access-logfile" in command:
        at = command.index("--access-logfile")
        del command[at : at + 2]
    return command


def sessions(count: int) -> list[str]:
    """A signed-in session cookie for each client, made as the sign-in page would."""
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.test import Client

    user = get_user_model().objects.get(username=BENCH_USER)
    cookies = []
    for _ in range(count):
        client = Client()
        client.force_login(user)
        cookies.append(client.cookies[settings.SESSION_COOKIE_NAME].value)
    return cookies


def mix(rng: random.Random) -> list[str]:
    from pqtracker.parliament.models import WrittenQuestion

    # 500 questions drawn by the seeded generator, so that runs on one database open the same
    # ones (an unseeded ORDER BY RANDOM() made runs differ by which were opened before).
    ids = list(WrittenQuestion.objects.order_by("id").values_list("id", flat=True))
    ids = rng.sample(ids, min(500, len(ids)))
    words = ["school", "teachers", "funding", "apprenticeships", "special educational needs"]
    paths = []
    for i in range(1000):
        kind = i % 10
        if kind in (0, 1):
            paths.append(f"/questions/?page={rng.randint(1, 40)}")
        elif kind == 2:
            paths.append(
                rng.choice(["/questions/?sort=due", "/questions/?status=unanswered&house=Commons"])
            )
        elif kind in (3, 4, 5):
            paths.append(f"/questions/{rng.choice(ids)}/")
        elif kind in (6, 7):
            paths.append(f"/search/?q={rng.choice(words).replace(' ', '+')}")
        elif kind == 8:
            paths.append("/search/")
        else:
            paths.append("/healthz")
    return paths


def run_load(
    port: int, cookies: list[str], paths: list[str], seconds: float, max_requests: int
) -> tuple[list[float], int, float]:
    from django.conf import settings

    timings: list[float] = []
    errors = [0]
    statuses: Counter[str] = Counter()
    lock = threading.Lock()
    stop_at = time.monotonic() + seconds
    budget = [max_requests]

    def client(cookie: str, seed: int) -> None:
        rng = random.Random(seed)
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        headers = {"Cookie": f"{settings.SESSION_COOKIE_NAME}={cookie}", "Host": "127.0.0.1"}
        while time.monotonic() < stop_at:
            with lock:
                if budget[0] <= 0:
                    return
                budget[0] -= 1
            path = rng.choice(paths)
            started = time.perf_counter()
            try:
                conn.request("GET", path, headers=headers)
                response = conn.getresponse()
                response.read()
                ok = response.status == 200
                outcome = str(response.status)
                if response.getheader("Connection", "").lower() == "close":
                    conn.close()
            except (OSError, http.client.HTTPException) as error:
                ok = False
                outcome = type(error).__name__
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            elapsed = (time.perf_counter() - started) * 1000
            with lock:
                timings.append(elapsed)
                if not ok:
                    errors[0] += 1
                    statuses[outcome] += 1
        conn.close()

    threads = [
        threading.Thread(target=client, args=(cookie, n), daemon=True)
        for n, cookie in enumerate(cookies)
    ]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(seconds + 60)
    for outcome, count in statuses.most_common():
        print(f"# {count} answered {outcome}")
    return timings, errors[0], time.monotonic() - started


def server_cpu_seconds(master: int) -> float:
    """CPU time of the server so far: the master and its live workers, plus the workers it has
    reaped (gunicorn restarts them after ``max_requests``), read from /proc (Linux)."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        # After the name: state, ppid, pgrp, ... utime (12th), stime, cutime, cstime.
        pid, group = int(entry.name), int(fields[2])
        if group != master:
            continue
        utime, stime, cutime, cstime = (int(v) for v in fields[11:15])
        total += utime + stime + (cutime + cstime if pid == master else 0)
    return total / tick


def wait_until_up(port: int, server: subprocess.Popen[bytes], limit: float = 60) -> None:
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if server.poll() is not None:
            sys.exit(f"the server stopped (exit {server.returncode}) before answering")
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/healthz", headers={"Host": "127.0.0.1"})
            conn.getresponse().read()
            return
        except OSError:
            time.sleep(0.3)
    sys.exit("the server did not answer within a minute")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--questions", type=int, default=100_000)
    parser.add_argument("--postgres", metavar="URL")
    parser.add_argument("--keep", metavar="NAME", help="keep the database under this name")
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--max-requests", type=int, default=200_000)
    args = parser.parse_args()

    if args.keep:
        engine, cleanup = keep_database(args.postgres, args.keep)
    else:
        engine, cleanup = setup_database(args.postgres, prefix="pq_load_bench")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pqtracker.settings")
    os.environ["LOG_LEVEL"] = "WARNING"
    # The sessions made here must be valid for the server: both sign them with this key.
    os.environ["SECRET_KEY"] = SECRET_KEY
    import django

    django.setup()
    rng = random.Random(20211209)
    static_root = tempfile.TemporaryDirectory(prefix="pq-load-static-")
    server = None
    try:
        prepare(args.questions, rng)
        cookies = sessions(args.clients)
        paths = mix(rng)
        from django.db import connections

        connections.close_all()
        env = dict(
            os.environ,
            DEBUG="false",
            ALLOWED_HOSTS="127.0.0.1",
            SECURE_SSL_REDIRECT="false",
            STATIC_ROOT=static_root.name,
            LOG_LEVEL="WARNING",
        )
        subprocess.run(
            [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
            cwd=REPO_ROOT,
            env=env,
            check=True,
        )
        port = free_port()
        server = subprocess.Popen(  # noqa: S603 (the Dockerfile's own command)
            server_command(port),
            cwd=REPO_ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        wait_until_up(port, server)
        cpu_before = server_cpu_seconds(server.pid)
        timings, errors, elapsed = run_load(port, cookies, paths, args.seconds, args.max_requests)
        server_cpu = server_cpu_seconds(server.pid) - cpu_before
        print(f"engine: {engine}")
        print(f"load_questions: {args.questions}")
        print(f"load_clients: {args.clients}")
        print(f"load_requests: {len(timings)}")
        print(f"load_rps: {len(timings) / elapsed:.1f}")
        print(f"load_p95_ms: {percentile(timings, 0.95) if timings else 0:.1f}")
        print(f"load_errors: {errors}")
        # What bounds throughput: the server's CPU per request (PostgreSQL's not included),
        # and how loaded the machine was (other work shares the cores).
        if timings:
            print(f"load_server_cpu_ms_per_request: {server_cpu * 1000 / len(timings):.1f}")
        print("load_average: " + " ".join(f"{value:.1f}" for value in os.getloadavg()))
    finally:
        if server is not None and server.poll() is None:
            os.killpg(server.pid, signal.SIGTERM)
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(server.pid, signal.SIGKILL)
        static_root.cleanup()
        cleanup()


if __name__ == "__main__":
    main()
