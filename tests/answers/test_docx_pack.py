"""The Word clearance pack, read back with python-docx."""

from __future__ import annotations

import datetime
import io

from docx import Document

from pqtracker.answers import docx_pack, drafting
from pqtracker.answers.docx_pack import Citation, ClearancePack, ReferredAnswer, TrailEntry
from tests.factories import CaseFactory, answered_question


def read(content: bytes) -> tuple[str, dict[str, str]]:
    document = Document(io.BytesIO(content))
    text = "\n".join(p.text for p in document.paragraphs)
    table = {row.cells[0].text: row.cells[1].text for row in document.tables[0].rows}
    return text, table


def pack(**overrides):  # type: ignore[no-untyped-def]
    values = {
        "title": "Special Educational Needs",
        "reference": "House of Commons written question 10001",
        "member": "Jane Smith MP",
        "question_text": "To ask the Secretary of State, (a) how many and (b) where.",
        "date_tabled": datetime.date(2024, 11, 13),
        "date_for_answer": datetime.date(2024, 11, 18),
        "internal_deadline": datetime.date(2024, 11, 14),
        "named_day": True,
        "policy_team": "SEND Policy",
        "action_officer": "drafter",
        "answering_minister": "Catherine McKinnell",
        "answer_type": "Substantive",
        "version": 3,
        "answer_text": "(a) 62,000.\n(b) Everywhere.",
        "background_note": "From SEN2.",
    }
    values.update(overrides)
    return ClearancePack(**values)


def test_pack_holds_every_section():
    content = docx_pack.render_docx(
        pack(
            citations=[Citation("62,000 EHC plans", "SEN2 2024, table 1")],
            referred=[ReferredAnswer("87924", datetime.date(2021, 12, 9), "Published annually.")],
            trail=[
                TrailEntry(
                    1,
                    "Deputy Director",
                    "Approved",
                    "clearer",
                    datetime.datetime(2024, 11, 14, 9, 30, tzinfo=datetime.UTC),
                    "Fine.",
                ),
                TrailEntry(1, "Special Adviser", "Pending", "spad", None, ""),
            ],
        )
    )
    text, table = read(content)
    assert table["Member"] == "Jane Smith MP"
    assert table["Due for answer"] == "18 November 2024 (named day)"
    assert table["Internal deadline"] == "14 November 2024"
    assert table["Draft version"] == "3"
    assert "(a) 62,000.\n(b) Everywhere." in text
    assert "From SEN2." in text
    assert "62,000 EHC plans (source: SEN2 2024, table 1)" in text
    assert "Question 87924, answered 9 December 2021\nPublished annually." in text
    # Local time (Europe/London, GMT in November).
    assert (
        "Round 1, Deputy Director: Approved by clearer on 14 November 2024 09:30 – “Fine.”" in text
    )
    assert "Round 1, Special Adviser: Pending by spad" in text


def test_empty_sections_say_so_and_control_characters_do_not_break_it():
    content = docx_pack.render_docx(
        pack(answer_text="Bad\x0bchar\x00s <script>", background_note="", version=None)
    )
    text, table = read(content)
    assert "Badchars <script>" in text
    assert "No background note." in text
    assert "No citations recorded." in text
    assert "Not yet sent to clearance." in text
    assert table["Draft version"] == "No draft yet"


def test_pack_for_gathers_the_case_and_the_answers_it_refers_to(team_a, drafter_a):
    earlier = answered_question(
        uin="87924",
        answer__answer_text="Published annually.",
        answer__date_answered=datetime.date(2021, 12, 9),
        date_tabled=datetime.date(2021, 12, 6),
    )
    case = CaseFactory(status="drafting", policy_team=team_a, action_officer=drafter_a)
    drafting.refer_to_answer(case=case, user=drafter_a, earlier=earlier, base_number=None)
    gathered = docx_pack.pack_for(case)
    assert gathered.version == 1
    assert gathered.answer_type == "Referral to an earlier answer"
    assert gathered.referred == [
        ReferredAnswer("87924", datetime.date(2021, 12, 9), "Published annually.")
    ]
    assert gathered.policy_team == "SEND Policy" and gathered.action_officer == "drafter"
