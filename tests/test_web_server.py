"""The production web server's settings (docs/adr/0006): threaded workers so that slow clients and
downloads never hold every process, short timeouts, keep-alive; used by the image and compose."""

from __future__ import annotations

import importlib

import yaml

from tests.conftest import REPO_ROOT


def _conf(monkeypatch, **env):  # type: ignore[no-untyped-def]
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    import pqtracker.gunicorn_conf as conf

    return importlib.reload(conf)


def test_gunicorn_runs_threaded_workers_with_short_timeouts(monkeypatch):
    conf = _conf(monkeypatch)
    assert conf.worker_class == "gthread" and conf.threads >= 4
    assert conf.timeout <= 60 and conf.graceful_timeout <= 60
    assert 0 < conf.keepalive < 60  # under a load balancer's idle timeout
    assert conf.reuse_port  # the kernel spreads connections over the workers


def test_each_worker_may_share_one_socket_instead(monkeypatch):
    assert _conf(monkeypatch, WEB_REUSE_PORT="false").reuse_port is False


def test_gunicorn_settings_come_from_the_environment(monkeypatch):
    conf = _conf(monkeypatch, WEB_WORKERS="5", WEB_THREADS="3", WEB_TIMEOUT_SECONDS="20")
    assert (conf.workers, conf.threads, conf.timeout) == (5, 3, 20)


def test_image_and_compose_serve_with_that_configuration():
    config = "-c python:pqtracker.gunicorn_conf"
    dockerfile = (REPO_ROOT / "Dockerfile").read_text()
    assert '"gunicorn", "-c", "python:pqtracker.gunicorn_conf"' in dockerfile
    compose = yaml.safe_load((REPO_ROOT / "docker-compose.yml").read_text())
    assert config in compose["services"]["web"]["command"]
    assert "--workers" not in compose["services"]["web"]["command"]
    # The worker writes downloads that web serves: the same volume in both.
    mounts = {name: compose["services"][name]["volumes"] for name in ("web", "worker")}
    assert mounts["web"] == mounts["worker"] and any("exports" in m for m in mounts["web"])
