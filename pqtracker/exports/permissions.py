"""Who may see a download: the person who asked for it, while they may still export its rows."""

from __future__ import annotations

from typing import Any

from pqtracker.exports import registry
from pqtracker.exports.models import Export


def can_view(user: Any, export: Export) -> bool:
    source = registry.get(export.kind)
    return (
        source is not None
        and user.is_authenticated
        and export.owner_id == user.pk
        and user.has_permission(source.permission)
    )
