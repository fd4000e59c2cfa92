"""The pure drafting rules: word diff, word count, lettered parts, save decisions."""

from __future__ import annotations

import pytest

from pqtracker.answers.drafting_rules import (
    DiffChunk,
    DraftText,
    SaveDecision,
    check_parts,
    decide_save,
    has_changes,
    is_conflict,
    question_parts,
    render_word_diff,
    word_count,
    word_diff,
)

# --- Word diff ------------------------------------------------------------------------------


def test_word_diff_marks_replaced_inserted_and_deleted_words():
    chunks = word_diff("We spent £10 million on schools.", "We spent £12 million on new schools.")
    assert chunks == [
        DiffChunk("equal", "We spent "),
        DiffChunk("delete", "£10 "),
        DiffChunk("insert", "£12 "),
        DiffChunk("equal", "million on "),
        DiffChunk("insert", "new "),
        DiffChunk("equal", "schools."),
    ]


def test_word_diff_ignores_rewrapping():
    assert not has_changes("one two\nthree", "one two three")
    assert has_changes("one two three", "one three")


def test_rendered_diff_escapes_everything_people_typed():
    html = render_word_diff("<b>old</b> text", "<script>alert(1)</script> text & more")
    assert "<script>" not in html and "<b>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&amp; more" in html
    assert html.startswith("<del>&lt;b&gt;old&lt;/b&gt; </del><ins>&lt;script&gt;")


def test_rendered_diff_of_equal_texts_has_no_marks():
    assert render_word_diff("Same words.", "Same words.") == "Same words."


# --- Word count and parts ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "count"),
    [
        ("", 0),
        ("   ", 0),
        ("The figures are published annually.", 5),
        ("In 2023 – the latest year – 20 care-leavers", 7),
    ],
)
def test_word_count(text, count):
    assert word_count(text) == count


QUESTION = (
    "To ask the Secretary of State for Education, (a) how many EHC plans were issued and (b) "
    "what proportion were issued within 20 weeks in (i) 2022 and (ii) 2023; and (c) if she "
    "will make a statement."
)


def test_question_parts_finds_letters_then_romans():
    assert question_parts(QUESTION) == ["a", "b", "c", "i", "ii"]


def test_act_citations_and_stray_letters_are_not_parts():
    assert question_parts("under section 19(a) of the Act and paragraph (1)(b)") == []
    # A lone "(c)" (a copyright sign typed as letters, say) does not make a part.
    assert question_parts("what assessment (c) 2024 has been made") == []


def test_ninth_letter_is_not_a_roman_numeral():
    text = " ".join(f"({c}) x" for c in "abcdefghi")
    assert question_parts(text) == list("abcdefghi")


def test_check_parts_reports_the_parts_not_named():
    answer = "(a) 62,000 plans were issued. (i) In 2022, 50%; (ii) in 2023, 49%."
    result = check_parts(QUESTION, answer)
    assert result.parts == ["a", "b", "c", "i", "ii"]
    assert result.missing == ["b", "c"]
    assert not result.complete


@pytest.mark.parametrize(
    "answer",
    [
        "On parts (a) to (c): figures are published, (i) 2022 and (ii) 2023.",
        "On part a, b and c: the figures are published; (i) and (ii) follow.",
    ],
)
def test_check_parts_understands_ranges_and_part_words(answer):
    assert check_parts(QUESTION, answer).complete


def test_question_without_parts_is_complete():
    assert check_parts("How many teachers were recruited.", "Many.").complete


# --- Save decisions ---------------------------------------------------------------------------

V1 = DraftText("First text.", "", "substantive")
V2 = DraftText("Second text.", "", "substantive")


def test_first_save_saves_and_empty_first_save_does_nothing():
    empty = DraftText("", "", "substantive")
    assert decide_save(base_number=None, latest_number=0, latest=None, new=V1) == "save"
    assert decide_save(base_number=None, latest_number=0, latest=None, new=empty) == "unchanged"


def test_save_on_latest_saves_and_identical_save_is_a_no_op():
    assert decide_save(base_number=1, latest_number=1, latest=V1, new=V2) == SaveDecision.SAVE
    assert decide_save(base_number=1, latest_number=1, latest=V1, new=V1) == "unchanged"


def test_save_on_older_version_is_a_conflict_never_an_overwrite():
    mine = DraftText("My own text.", "", "substantive")
    assert decide_save(base_number=1, latest_number=2, latest=V2, new=mine) == "conflict"
    # An editor opened before the first version existed, saving after it did.
    assert decide_save(base_number=None, latest_number=1, latest=V1, new=mine) == "conflict"
    # The same words as the latest, whatever the base: nothing to choose between.
    assert decide_save(base_number=1, latest_number=2, latest=V2, new=V2) == "unchanged"


def test_a_different_note_or_answer_type_is_a_change():
    assert (
        decide_save(
            base_number=1, latest_number=1, latest=V1, new=DraftText("First text.", "", "holding")
        )
        == SaveDecision.SAVE
    )
    assert (
        decide_save(
            base_number=1, latest_number=1, latest=V1, new=DraftText("First text.", "N", "")
        )
        == "save"
    )


def test_normalised_text_ignores_crlf_and_outer_spaces():
    assert DraftText.normalised("  a\r\nb ", "n\r\n", "substantive") == DraftText(
        "a\nb", "n", "substantive"
    )


def test_is_conflict():
    assert not is_conflict(number=1, based_on=None)
    assert not is_conflict(number=3, based_on=2)
    assert is_conflict(number=3, based_on=1)
