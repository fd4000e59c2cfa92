"""The static files' storage keeps each address it made (pqtracker.web.staticfiles)."""

from __future__ import annotations

import json

import pytest

from pqtracker.web.staticfiles import StaticFilesStorage


@pytest.fixture
def storage(tmp_path):  # type: ignore[no-untyped-def]
    manifest = {"paths": {"app.css": "app.0123abcd.css"}, "version": "1.1", "hash": "x"}
    (tmp_path / "staticfiles.json").write_text(json.dumps(manifest))
    return StaticFilesStorage(location=str(tmp_path), base_url="/static/")


def test_an_address_is_made_once_and_kept(storage):
    assert storage.url("app.css") == "/static/app.0123abcd.css"
    storage.hashed_files["app.css"] = "app.changed.css"  # not read again
    assert storage.url("app.css") == "/static/app.0123abcd.css"


def test_a_name_the_manifest_lacks_still_fails_and_is_not_kept(storage):
    for _ in range(2):
        with pytest.raises(ValueError, match="Missing staticfiles manifest entry"):
            storage.url("missing.css")
