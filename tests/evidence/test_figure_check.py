"""The figure check on the 87924 sentence and on real answer texts (pure: no database)."""

from __future__ import annotations

import html
import json
import re

import pytest

from pqtracker.evidence.figure_check import CitedFigure, Status, check_text
from pqtracker.evidence.numbers import Hedge, extract_numbers


def money(ref: str, period: str, start: int, millions: float) -> CitedFigure:
    return CitedFigure(
        ref,
        "Total high needs funding allocations to local authorities",
        "England",
        period,
        start,
        millions,
        "money",
        f"£{millions:,.0f}m",
        base_value=millions * 1e6,
    )


HL_2019 = money("HL446-2019-20", "2019-20", 2019, 6279)
HL_2021 = money("HL446-2021-22", "2021-22", 2021, 7906)
SENTENCE_87924 = (
    "By financial year 2021-22, annual funding allocations to local authorities for high needs "
    "will have increased by more than £2 billion, or one third, since 2019-20."
)


def statuses(text: str, figures: list[CitedFigure]) -> dict[str, Status]:
    return {r.number.text: r.status for r in check_text(text, figures).numbers}


def test_the_87924_sentence_is_flagged_on_both_counts():
    result = check_text(SENTENCE_87924, [HL_2019, HL_2021])
    flagged = {r.number.text: r for r in result.numbers}
    assert set(flagged) == {"£2 billion", "one third"}  # the years are not numbers to check
    assert flagged["£2 billion"].status == Status.MISMATCHED
    assert "£1,627m" in flagged["£2 billion"].reason
    assert flagged["one third"].status == Status.MISMATCHED
    assert "25.9%" in flagged["one third"].reason
    assert not result.ok


@pytest.mark.parametrize(
    "wording",
    [
        "£1.6 billion, or 26%",
        "over £1.5 billion, or around a quarter",
        "£1,627m, or 26 per cent",
        "more than £1.6 billion, or nearly 26%",
        "almost £1.7 billion, or a quarter",
    ],
)
def test_correct_versions_are_supported(wording):
    text = SENTENCE_87924.replace("more than £2 billion, or one third", wording)
    result = check_text(text, [HL_2019, HL_2021])
    assert result.ok, result.as_dict()
    assert len(result.supported) == 2
    assert "£7,906m − £6,279m" in result.supported[0].reason


@pytest.mark.parametrize(
    "wording", ["£2 billion", "£1.5 billion", "at least £1.7 billion", "£1.4bn", "£1,672m"]
)
def test_wrong_sums_are_flagged(wording):
    text = f"Allocations rose by {wording} between 2019-20 and 2021-22."
    written = wording.removeprefix("at least ")
    assert statuses(text, [HL_2019, HL_2021]) == {written: Status.MISMATCHED}


def test_rounding_the_text_uses():
    plans = CitedFigure(
        "P", "EHC plans", "England", "January 2022", 2022, 473255, "count", "473,255"
    )
    rate = CitedFigure("R", "Annual increase", "England", "2022", 2022, 9.9, "rate", "9.9%")
    assert statuses("There were 473,300 plans, up 10%.", [plans, rate]) == {
        "473,300": Status.SUPPORTED,
        "10%": Status.SUPPORTED,
    }
    assert statuses("There were 473,900 plans, up 11%.", [plans, rate]) == {
        "473,900": Status.MISMATCHED,
        "11%": Status.MISMATCHED,
    }
    assert statuses("There were 12 new schools.", [plans, rate]) == {"12": Status.UNSUPPORTED}


def test_kinds_are_not_mixed():
    # 9.9 (a rate) must not support "£9.9" or "9.9 million pupils".
    rate = CitedFigure("R", "Rate", "England", "2022", 2022, 9.9, "rate", "9.9%")
    assert statuses("It cost £10 for each of 10 million pupils.", [rate]) == {
        "£10": Status.UNSUPPORTED,
        "10 million": Status.UNSUPPORTED,
    }


def test_revised_figures_and_figures_released_after_the_draft_are_flagged():
    import datetime

    old = CitedFigure(
        "EHCP24-1",
        "EHC plans",
        "England",
        "January 2024",
        2024,
        575963,
        "count",
        "575,963",
        release_date=datetime.date(2024, 6, 13),
        revised_by="NEW",
        revised_display="576,474",
    )
    result = check_text("There were 575,963 plans.", [old])
    assert [r.status for r in result.numbers] == [Status.REVISED]
    late = check_text("There were 575,963 plans.", [old], draft_date=datetime.date(2024, 6, 1))
    assert {item.as_dict()["status"] for item in late.flagged} == {"revised", "unreleased"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("In 2021-22 and 2019/20, as at 9 December 2021, UIN 87924 (HL446) said:", []),
        ("1. The department\n2. will: (3) act within 20 weeks for those aged 0 to 25.", []),
        ("COVID-19 and S251 returns, Key Stage 4, Year 6, https://x.gov.uk/2024/5", []),
        (
            "£7.9 billion, £6,279m, £2bn, 26%, 26 per cent, 473,300",
            ["£7.9 billion", "£6,279m", "£2bn", "26%", "26 per cent", "473,300"],
        ),
        (
            "one third, half of all plans, one in five, a quarter, two-thirds",
            ["one third", "half", "one in five", "a quarter", "two-thirds"],
        ),
    ],
)
def test_what_counts_as_a_number(text, expected):
    assert [n.text for n in extract_numbers(text)] == expected


def test_round_numbers_in_words_are_counts_or_money_not_shares():
    numbers = extract_numbers(
        "almost half a million children, a quarter of a million pupils, over a million, "
        "three quarters of a billion pounds, and half of all plans"
    )
    assert [(n.text, n.value, n.kind) for n in numbers] == [
        ("half a million", 500_000, "count"),
        ("a quarter of a million", 250_000, "count"),
        ("a million", 1_000_000, "count"),
        ("three quarters of a billion pounds", 750_000_000, "money"),
        ("half", 50, "percent"),
    ]
    plans = CitedFigure(
        "EHCP22-1", "EHC plans", "England", "January 2022", 2022, 473300, "count", "473,300"
    )
    assert statuses("There were almost half a million plans.", [plans]) == {
        "half a million": Status.SUPPORTED
    }
    # Said exactly, or hedged the wrong way, half a million is not 473,300.
    assert statuses("There were half a million plans.", [plans]) == {
        "half a million": Status.MISMATCHED
    }
    assert statuses("There were over half a million plans.", [plans]) == {
        "half a million": Status.MISMATCHED
    }


def test_hedges_are_read():
    numbers = extract_numbers("more than £2 billion, around a quarter, at least 200, up to 5%")
    assert [n.hedge for n in numbers] == [Hedge.ABOVE, Hedge.ABOUT, Hedge.AT_LEAST, Hedge.AT_MOST]


@pytest.mark.shared
def test_real_answers_with_their_figures(parliament_data):
    """Answer 1676389 (Hertfordshire): the allocations it quotes, cited, check; nothing else is
    taken for a statistic (the financial years are not)."""
    answers = json.loads(
        (parliament_data / "questions-api" / "longform_full_text.json").read_text()
    )
    text = re.sub(
        r"\s+", " ", html.unescape(re.sub("<[^>]+>", " ", answers["1676389"]["answer_text"]))
    )
    assert [n.as_written for n in extract_numbers(text)] == [
        "60%",
        "over £10.5 billion",
        "£187 million",
        "£8.4 million",
        "29%",
    ]
    herts_now = CitedFigure("H1", "HN", "Herts", "2024-25", 2024, 187.1e6, "money", "£187.1m")
    herts_before = CitedFigure("H0", "HN", "Herts", "2023-24", 2023, 178.7e6, "money", "£178.7m")
    result = check_text(text, [herts_before, herts_now])
    by_text = {r.number.text: r.status for r in result.numbers}
    assert by_text["£187 million"] == Status.SUPPORTED
    assert by_text["£8.4 million"] == Status.SUPPORTED  # the change between the two
    # National figures nobody cited: a clearer asks for their source.
    assert by_text["60%"] == Status.UNSUPPORTED
    assert by_text["£10.5 billion"] == Status.UNSUPPORTED
    # 1726122 lists areas as (i) to (v) and quotes no statistic in them.
    listed = re.sub("<[^>]+>", " ", answers["1726122"]["answer_text"])
    assert all(n.kind == "money" for n in extract_numbers(html.unescape(listed)))


def test_over_a_third_as_pq_73735_said_it():
    planned = CitedFigure(
        "PQ73735-2",
        "Total high needs funding allocated",
        "England",
        "2022-23",
        2022,
        8.9,
        "money",
        "£8.9 billion",
        base_value=8.9e9,
    )
    text = "£8.9 billion in 2022-23, an increase of over a third since 2019-20."
    assert statuses(text, [HL_2019, planned]) == {
        "£8.9 billion": Status.SUPPORTED,
        "a third": Status.SUPPORTED,
    }


def test_no_derivation_between_unrelated_rates_or_across_periods():
    within = CitedFigure("A", "Plans within 20 weeks", "England", "2024", 2024, 46, "rate", "46%")
    growth = CitedFigure(
        "B", "Annual increase in plans", "England", "2022", 2022, 10, "rate", "10%"
    )
    # 46% − 10% is no change of anything: "36 per cent" is not supported by it.
    assert statuses("a fall of 36 per cent", [within, growth]) != {"36 per cent": Status.SUPPORTED}
    # Last year's funding is no share of this year's (£6,279m ÷ £7,906m = 79.4%).
    assert statuses("79% of the total", [HL_2019, HL_2021]) == {"79%": Status.UNSUPPORTED}
    ehc = CitedFigure(
        "E", "Pupils with an EHC plan", "England", "January 2024", 2024, 434354, "count", "434,354"
    )
    sen = CitedFigure(
        "S", "Pupils with SEN", "England", "January 2024", 2024, 1673205, "count", "1,673,205"
    )
    assert statuses("26% of pupils with SEN", [ehc, sen]) == {"26%": Status.SUPPORTED}
