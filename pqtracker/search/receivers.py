from __future__ import annotations

from typing import Any

from pqtracker.search.index import index_questions


def reindex_written_questions(sender: Any, *, question_ids: list[int], **kwargs: Any) -> None:
    index_questions(question_ids=question_ids)
