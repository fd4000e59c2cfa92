"""What evidence adds to the public record's pages (registered from ``AppConfig.ready()``)."""

from __future__ import annotations


def register() -> None:
    pass
