"""The private-use characters that mark matches inside search engine output.

They are turned into <mark> only after the text is escaped (``backends.marked_html``), so nothing
in a question can open or close an HTML element. For that to mark only what the engine matched,
the indexed text must never contain them itself: every importer strips them from headings,
question text and answer text with ``strip_sentinels``, and the engines drop them again from the
text they highlight (text stored before this, or edited in the admin, may still hold them).
This module imports nothing, so the importers can use it without depending on the search engines.
"""

from __future__ import annotations

import re

START, STOP = "\ue000", "\ue001"
# ts_headline drops anything that looks like an HTML tag; angle brackets travel through it
# disguised as these, so "<script>" in a question is shown (escaped) on both engines.
LT, GT = "\ue002", "\ue003"
SENTINELS = (START, STOP, LT, GT)
_ANY = re.compile(f"[{''.join(SENTINELS)}]")


def strip_sentinels(text: str) -> str:
    """``text`` without the four marker characters (which no real question needs)."""
    # Real text never holds them: four substring tests cost a twentieth of the regex's pass.
    if START in text or STOP in text or LT in text or GT in text:
        return _ANY.sub("", text)
    return text
