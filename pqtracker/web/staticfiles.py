"""The static files' storage: WhiteNoise's compressed manifest storage, its addresses kept.

Every page writes a handful of ``{% static %}`` addresses (the stylesheet, the scripts, the
crown): each looked up in the manifest and joined to ``STATIC_URL`` again, about half a
millisecond of a page's CPU. The manifest does not change while a process runs (a deploy starts
new ones), so each name's address is kept by the process once made.
"""

from __future__ import annotations

from typing import Any

from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticFilesStorage(CompressedManifestStaticFilesStorage):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Bounded by the names the templates use; a name the manifest lacks raises, not kept.
        self._urls: dict[str, str] = {}

    def url(self, name: str | None, force: bool = False) -> str:
        if force or name is None:
            return super().url(name, force)
        found = self._urls.get(name)
        if found is None:
            found = self._urls[name] = super().url(name)
        return found
