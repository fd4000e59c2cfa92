"""The shipped manifests: for each known statistics file, its publication and its measures.

One TOML file per data file in ``manifests/``, found by the data file's name. A manifest says
which shape the file has (``ees`` by default, ``headline``, ``tally`` or ``skip``), names the
publication, and maps indicator columns to measures and units (unmapped numeric columns still
load, named from their columns).
"""

from __future__ import annotations

import tomllib
from functools import cache
from pathlib import Path
from typing import Any

MANIFEST_DIR = Path(__file__).resolve().parent / "manifests"


@cache
def manifests() -> dict[str, dict[str, Any]]:
    found: dict[str, dict[str, Any]] = {}
    for path in sorted(MANIFEST_DIR.glob("*.toml")):
        with path.open("rb") as handle:
            manifest = tomllib.load(handle)
        found[manifest["dataset"]["file"]] = manifest
    return found


def manifest_for(path: Path) -> dict[str, Any] | None:
    return manifests().get(path.name)
