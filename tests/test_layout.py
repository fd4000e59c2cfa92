"""The agreed layout and the scale-out compose file (docker itself is not on CI machines)."""

from __future__ import annotations

import re

import yaml

from tests.conftest import REPO_ROOT


def test_layout_has_the_agreed_top_level_files():
    for name in (
        "manage.py",
        "pyproject.toml",
        "Makefile",
        "Dockerfile",
        "docker-compose.yml",
        "package.json",
        ".env.example",
        "README.md",
        ".ci/run",
        "pqtracker/settings.py",
        "pqtracker/celery.py",
        "pqtracker/urls.py",
        "pqtracker/wsgi.py",
        "pqtracker/asgi.py",
        "templates/base.html",
    ):
        assert (REPO_ROOT / name).exists(), name
    assert list((REPO_ROOT / "docs" / "adr").glob("0001-*.md"))


def test_readme_opens_with_the_two_commands():
    head = (REPO_ROOT / "README.md").read_text().split("\n## ")[0]
    assert "make run" in head and "make test" in head


def test_ci_runs_make_test_on_both_engines():
    script = (REPO_ROOT / ".ci" / "run").read_text()
    assert len(re.findall(r"^[^#\n]*\bmake test$", script, flags=re.M)) == 2
    assert "DATABASE_URL=" in script and "REDIS_URL=" in script
    assert "apt-get install -y -qq chromium" in script


def test_python_modules_stay_under_about_500_lines():
    too_long = {
        str(path.relative_to(REPO_ROOT)): n
        for path in (REPO_ROOT / "pqtracker").rglob("*.py")
        if "migrations" not in path.parts and (n := len(path.read_text().splitlines())) > 550
    }
    assert too_long == {}


def test_compose_runs_web_worker_and_beat_from_one_image_with_healthchecks():
    compose = yaml.safe_load((REPO_ROOT / "docker-compose.yml").read_text())
    services = compose["services"]
    assert set(services) == {"postgres", "redis", "web", "worker", "beat"}
    for name, service in services.items():
        assert "healthcheck" in service, f"{name} has no healthcheck"
    app_services = [services[name] for name in ("web", "worker", "beat")]
    assert {s["image"] for s in app_services} == {"pqtracker:latest"}
    assert all(s["build"] == "." for s in app_services)
    assert len({s["command"] for s in app_services}) == 3
    for service in app_services:
        assert service["depends_on"]["postgres"]["condition"] == "service_healthy"
        assert service["environment"]["REDIS_URL"].startswith("redis://redis:")
    # One definition shared through the x-app anchor, not three copied blocks.
    assert (
        "x-app" in compose and (REPO_ROOT / "docker-compose.yml").read_text().count("<<: *app") == 3
    )


def test_every_model_with_a_table_on_both_engines_has_an_admin_page():
    from django.apps import apps
    from django.contrib import admin

    derived_index_tables = {"search.searchdocument", "search.phrasepairs", "search.ftsentry"}
    missing = {
        model._meta.label_lower
        for model in apps.get_models()
        if model._meta.app_label
        in {
            "accounts",
            "audit",
            "parliament",
            "imports",
            "search",
            "health",
            "exports",
            "answers",
            "evidence",
        }
        and model._meta.label_lower not in derived_index_tables
        and model not in admin.site._registry
    }
    assert missing == set()
