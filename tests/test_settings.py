"""Settings come from the environment; production start-up refuses to run without its secrets."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tests.conftest import REPO_ROOT

SAFE_KEY = "Zx9-q_Lm3vB7nR2tY8uP4wE6sD1fG5hJ0aC-kT2wQ8eR4yU6iO0pA3sD5fG7hJ9"


def manage(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    base = {
        k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "ALLOWED_HOSTS", "DEBUG"}
    }
    base.pop("PQTRACKER_TESTING", None)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=REPO_ROOT,
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_reports_no_issues_in_production_configuration():
    result = manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DEBUG="false",
        SECRET_KEY=SAFE_KEY,
        ALLOWED_HOSTS="pq.example.gov.uk",
    )
    assert result.returncode == 0, result.stderr + result.stdout
    assert "System check identified no issues (0 silenced)." in result.stdout


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"ALLOWED_HOSTS": "pq.example.gov.uk"}, "SECRET_KEY must be set when DEBUG is off"),
        ({"SECRET_KEY": SAFE_KEY}, "ALLOWED_HOSTS must be set when DEBUG is off"),
    ],
)
def test_production_start_up_stops_with_a_hint_when_a_secret_is_missing(env, message):
    result = manage("check", DEBUG="false", **env)
    assert result.returncode != 0
    assert message in result.stderr
    assert ".env.example" in result.stderr


def test_invalid_boolean_is_refused_with_its_name():
    result = manage("check", DEBUG="maybe")
    assert result.returncode != 0
    assert "DEBUG must be true or false" in result.stderr


def test_env_example_lists_every_variable_settings_reads():
    import re

    source = (REPO_ROOT / "pqtracker" / "settings.py").read_text()
    names = set(re.findall(r'env_(?:bool|int|list|required)\(\s*"([A-Z0-9_]+)"', source))
    names |= set(re.findall(r'os\.environ\.get\(\s*"([A-Z0-9_]+)"', source))
    example = (REPO_ROOT / ".env.example").read_text()
    listed = set(re.findall(r"^#?\s*([A-Z0-9_]+)=", example, flags=re.M))
    assert names, "no environment variables found in settings"
    assert names - listed == set()
