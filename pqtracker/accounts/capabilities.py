"""What a signed-in user can do in the service, as the profile page says it.

A permission can be granted before the feature that uses it exists (roles are defined for the
whole PQ process). So the page never describes a permission by itself: each app that gives a
permission a use registers a sentence for it in its ``AppConfig.ready()``, and the page lists
the registered ones the user holds. When drafting, clearance or deadlines land, their apps
register theirs and the page grows with them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from pqtracker.accounts.permissions import Permission


@dataclass(frozen=True)
class Capability:
    permission: Permission
    text: str  # a sentence, starting with a verb: "Search every question and answer"
    url_name: str = ""  # the page where it is done, if it has one


_REGISTRY: dict[tuple[Permission, str], Capability] = {}


def register(*, permission: Permission, text: str, url_name: str = "") -> None:
    """Say what ``permission`` lets a user do (idempotent: keyed by permission and text)."""
    _REGISTRY[(permission, text)] = Capability(permission, text, url_name)


def for_user(has_permission: Callable[[Permission], bool]) -> list[Capability]:
    """The registered capabilities ``has_permission`` allows, in the order they were registered
    (apps register in INSTALLED_APPS order: the record first)."""
    return [
        capability for capability in _REGISTRY.values() if has_permission(capability.permission)
    ]
