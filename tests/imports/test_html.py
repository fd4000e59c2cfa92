"""Sanitising answer HTML and making plain text of it: real answers and hostile input."""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from pqtracker.imports.html import collapse_whitespace, html_to_text, sanitise_html
from tests.imports.conftest import longform_texts

EVENT_HANDLER = re.compile(r"\son\w+\s*=", re.IGNORECASE)


def assert_safe(html: str) -> None:
    lowered = html.lower()
    assert "<script" not in lowered
    assert "<style" not in lowered
    assert "<iframe" not in lowered
    assert "<svg" not in lowered
    assert "javascript:" not in lowered
    assert "data:" not in lowered
    assert not EVENT_HANDLER.search(html)
    for link in BeautifulSoup(html, "html.parser").find_all("a"):
        assert link.get("rel") == ["noopener", "noreferrer"]
        assert link.get("target") is None
        href = link.get("href")
        assert href is None or href.startswith(("https://", "http://", "mailto:"))


@pytest.mark.shared
def test_sanitise_html_every_recorded_full_answer(parliament_data: Path) -> None:
    answers = [
        e["answer_text"] for e in longform_texts(parliament_data).values() if e["answer_text"]
    ]
    assert len(answers) >= 50
    links_seen = 0
    for raw in answers:
        clean = sanitise_html(raw)
        assert_safe(clean)
        # Every real link survives, with its web address.
        assert clean.count('<a href="http') == raw.count("<a ")
        links_seen += clean.count("<a ")
        text = html_to_text(clean)
        assert text
        assert not re.search(r"<[a-zA-Z/][^>]*>", text)
        assert "&nbsp;" not in text and "\xa0" not in text
        # Sanitising keeps the words: the text from raw and from clean HTML is the same.
        assert text == html_to_text(raw)
    assert links_seen >= 20


@pytest.mark.parametrize(
    ("hostile", "kept"),
    [
        ('<p>Before<script>alert("x")</script>after</p>', "Beforeafter"),
        ("<style>p { display:none }</style><p>Visible</p>", "Visible"),
        ('<p>Picture<img src="x" onerror="alert(1)"></p>', "Picture"),
        ('<p onclick="steal()" onmouseover="steal()">Click</p>', "Click"),
        ('<a href="javascript:alert(1)">Link</a>', "Link"),
        ('<a href=" JaVaScRiPt:alert(1)">Link</a>', "Link"),
        ('<a href="data:text/html;base64,PHNjcmlwdD4=">Data</a>', "Data"),
        (
            "<svg onload=alert(1)><script>alert(1)</script><text>svg words</text></svg><p>Ok</p>",
            "Ok",
        ),
        ('<iframe src="https://evil.example/"></iframe><p>Frame</p>', "Frame"),
        ('<math><mi xlink:href="javascript:alert(1)">m</mi></math><p>Math</p>', "Math"),
        ("<p><b>Unclosed <i>nested<p>markup", "Unclosed"),
        ("<scr<script>ipt>alert(1)</script>", ""),
        ('<form action="https://evil.example"><input name="x"><button>Go</button></form>', ""),
        ('<a href="/relative/path">Relative</a>', "Relative"),
        ('<p style="background:url(javascript:alert(1))">Styled</p>', "Styled"),
        ("<!-- a comment --><p>Comment</p>", "Comment"),
    ],
)
def test_sanitise_html_removes_hostile_markup(hostile: str, kept: str) -> None:
    clean = sanitise_html(hostile)
    assert_safe(clean)
    assert "style=" not in clean
    assert "<!--" not in clean
    assert "<form" not in clean and "<input" not in clean
    assert 'href="/relative' not in clean
    assert kept in html_to_text(clean)


def test_sanitise_html_keeps_the_allowed_structure() -> None:
    raw = (
        '<p>Para with <strong>bold</strong>, <em>em</em> and <a href="https://www.gov.uk/x" '
        'target="_blank">a link</a>.</p><ul><li>One</li><li>Two</li></ul>'
        "<table><caption>Totals</caption><thead><tr><th>Year</th><th>Number</th></tr></thead>"
        "<tbody><tr><td>2019</td><td>12</td></tr></tbody></table>"
        "<p>x<sup>2</sup> H<sub>2</sub>O</p>"
        '<a href="mailto:pq@education.gov.uk">mail</a>'
    )
    clean = sanitise_html(raw)
    for fragment in (
        "<strong>bold</strong>",
        "<em>em</em>",
        '<a href="https://www.gov.uk/x" rel="noopener noreferrer">a link</a>',
        "<ul><li>One</li><li>Two</li></ul>",
        "<caption>Totals</caption>",
        "<th>Year</th>",
        "<td>2019</td>",
        "<sup>2</sup>",
        "<sub>2</sub>",
        'href="mailto:pq@education.gov.uk"',
    ):
        assert fragment in clean
    assert "target" not in clean


def test_sanitise_html_empty_input() -> None:
    assert sanitise_html("") == ""
    assert html_to_text("") == ""


def test_html_to_text_keeps_table_cells_and_list_items_apart() -> None:
    html = (
        "<p>Figures&nbsp;below.</p><table><tr><th>Year</th><th>Total</th></tr>"
        "<tr><td>2019</td><td>12,000</td></tr></table>"
        "<ul><li>first  item</li><li>second\n item</li></ul>"
    )
    assert html_to_text(html) == "Figures below.\nYear Total\n2019 12,000\nfirst item\nsecond item"


def test_html_to_text_paragraphs_and_breaks_on_lines() -> None:
    assert html_to_text("<p>One</p><p>Two<br>Three</p>") == "One\nTwo\nThree"
    assert html_to_text("<p> </p><p>\u00a0</p><p>Only</p>") == "Only"


def test_html_to_text_inline_elements_do_not_split_words() -> None:
    assert (
        html_to_text("<p>un<b>break</b>able <a href='https://x'>link</a>.</p>")
        == "unbreakable link."
    )


def test_html_to_text_plain_text_is_normalised() -> None:
    assert html_to_text("  plain \t text &amp; more ") == "plain text & more"


def test_collapse_whitespace_is_every_run_of_whitespace_as_one_space() -> None:
    # The rule it replaced, as a pattern: every run of \s (Unicode whitespace) becomes one space.
    rule = re.compile(r"\s+")
    alphabet = [chr(c) for c in range(0x3100) if chr(c).isspace()] + ["\u200b", "a", "é"]
    rng = random.Random(7)
    for _ in range(20_000):
        data = "".join(rng.choice(alphabet) for _ in range(rng.randrange(0, 8)))
        assert collapse_whitespace(data) == rule.sub(" ", data), repr(data)


def test_html_to_text_collapses_unusual_spaces_and_keeps_zero_width_apart() -> None:
    # No-break, em and ideographic spaces are spaces; a zero-width space separates words too.
    html = "<p>a\u00a0\u2003b\u3000c\u200bd</p><table><tr><td> x </td><td>y</td></tr></table>"
    assert html_to_text(html) == "a b c d\nx y"
