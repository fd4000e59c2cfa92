"""Fixtures for the import tests: the fake Parliament server and the real recorded records."""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from pqtracker.imports.client import ParliamentClient
from tests.imports.fake_parliament import FakeParliament

FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture
def fake_parliament(settings) -> Iterator[FakeParliament]:  # type: ignore[no-untyped-def]
    """A running fake Parliament; settings point the client at it, with no rate limit or waits."""
    fake = FakeParliament()
    settings.PARLIAMENT_QUESTIONS_API_URL = fake.questions_url
    settings.PARLIAMENT_MEMBERS_API_URL = fake.members_url
    settings.PARLIAMENT_API_MAX_RPS = 10_000
    settings.PARLIAMENT_API_BACKOFF_SECONDS = 0.001
    settings.PARLIAMENT_API_TIMEOUT_SECONDS = 1
    try:
        yield fake
    finally:
        fake.stop()


@pytest.fixture
def parliament_client(fake_parliament: FakeParliament) -> ParliamentClient:
    """A client for the fake server, with settings already pointing at it."""
    return ParliamentClient()


# --- The real recorded data (../shared/data/parliament) ------------------------------------------
def load_json(parliament_data: Path, relative: str):  # type: ignore[no-untyped-def]
    return json.loads((parliament_data / relative).read_text(encoding="utf-8"))


def list_item_values(parliament_data: Path) -> list[dict]:
    """Every recorded listing value: the list files, the AWS page and each timeline version."""
    values: list[dict] = []
    for name in (
        "list_items_dfe_send.json",
        "list_items_other_states.json",
        "dfe_tabled_2024-11-11_to_13__snapshot_2024-11-14.json",
    ):
        values.extend(item["value"] for item in load_json(parliament_data, f"questions-api/{name}"))
    page = load_json(parliament_data, "questions-api/aws_list_page_tabled_2024-01-05.json")
    values.extend(item["value"] for item in page["results"])
    return values


def timeline_versions(parliament_data: Path) -> dict[int, list[dict]]:
    """``{question id: [listing value, ...]}`` oldest first, from ``timelines.json``."""
    timelines = load_json(parliament_data, "questions-api/timelines.json")
    return {entry["id"]: [v["item"]["value"] for v in entry["versions"]] for entry in timelines}


def longform_texts(parliament_data: Path) -> dict[int, dict]:
    """``{question id: {"question_text", "answer_text"}}``: full text from the detail endpoint."""
    raw = load_json(parliament_data, "questions-api/longform_full_text.json")
    return {int(key): entry for key, entry in raw.items()}


def detail_values(parliament_data: Path) -> list[dict]:
    """Listing values made into detail values by merging in the recorded full texts.

    Only ids whose full text is recorded; when the cached text is an answer the listing item
    did not yet have, the answer is left as the listing said (the cache was taken later).
    """
    texts = longform_texts(parliament_data)
    merged: dict[int, dict] = {}
    for value in list_item_values(parliament_data):
        full = texts.get(value["id"])
        if full is None:
            continue
        detail = copy.deepcopy(value)
        if full.get("question_text"):
            detail["questionText"] = full["question_text"]
        if full.get("answer_text") and value.get("answerText"):
            detail["answerText"] = full["answer_text"]
        merged[value["id"]] = detail
    return list(merged.values())


def single_question(parliament_data: Path) -> dict:
    return load_json(parliament_data, "questions-api/aws_single_question_1679416.json")["value"]
