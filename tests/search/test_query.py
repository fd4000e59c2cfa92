import pytest

from pqtracker.search.query import QueryError, parse, to_fts5, uin_in


def test_parse_words_drop_stop_words_outside_phrases():
    parsed = parse("education health and care plans")
    assert [t.words for c in parsed.clauses for t in c.alternatives] == [
        ("education",),
        ("health",),
        ("care",),
        ("plans",),
    ]


def test_parse_phrase_keeps_every_word_in_order():
    parsed = parse('"health and care plan"')
    assert parsed.clauses[0].alternatives[0].words == ("health", "and", "care", "plan")


def test_parse_or_joins_neighbours_into_one_clause():
    parsed = parse('tutoring academies OR "free schools"')
    assert len(parsed.clauses) == 2
    assert [t.words for t in parsed.clauses[1].alternatives] == [
        ("academies",),
        ("free", "schools"),
    ]


def test_parse_minus_excludes():
    parsed = parse("funding -transport")
    assert parsed.clauses[1].excluded
    assert to_fts5(parsed) == '("funding") NOT "transport"'


def test_to_fts5_quotes_engine_operators_typed_by_users():
    parsed = parse("NEAR(send ofsted) AND title:school* ^start")
    expression = to_fts5(parsed)
    assert "NEAR(" not in expression and "*" not in expression and ":" not in expression
    # Punctuation joins words into a phrase, as it would in the text; AND is just a common word.
    assert expression == '"near send" AND "ofsted" AND "title school" AND "start"'


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('"unbalanced', "opening quote mark"),
        ("-transport", "minus sign"),
        ("OR", "Put OR between"),
        ("schools OR", "Put OR between"),
        ('""', "between the quote marks"),
        ("the and of", "very common words"),
        ("- -", "very common words"),
        ("x" * 501, "500 characters"),
    ],
)
def test_parse_malformed_query_raises_helpful_error(text, message):
    with pytest.raises(QueryError, match=message):
        parse(text)


@pytest.mark.parametrize(
    ("text", "uin"), [("87924", "87924"), (" hl1234 ", "HL1234"), ("HL5669", "HL5669")]
)
def test_uin_in_recognises_uin_alone(text, uin):
    assert uin_in(text) == uin


@pytest.mark.parametrize("text", ["87924 send", "HL", "send", "HL12a"])
def test_uin_in_ignores_other_text(text):
    assert uin_in(text) is None


def alternatives(clause) -> list[str]:  # type: ignore[no-untyped-def]
    return [t.text for t in clause.alternatives]


def test_a_bare_abbreviation_also_searches_its_spelled_out_forms():
    parsed = parse("EHCPs, funding")
    assert alternatives(parsed.clauses[0]) == [
        "ehcps",
        "ehc plan",
        "education health and care plan",
    ]
    assert alternatives(parsed.clauses[1]) == ["funding"]
    assert parsed.abbreviations == ("EHCPs",)
    for typed in ("EHCPs…", "the-EHCPs", "(EHCPs)"):
        assert parse(typed).spelled_out == parsed.spelled_out, typed
    assert parsed.spelled_out == [("EHCPs", ("ehc plan", "education health and care plan"))]
    assert to_fts5(parsed) == (
        '("ehcps" OR "ehc plan" OR "education health and care plan") AND "funding"'
    )


def test_a_quoted_abbreviation_is_matched_as_typed():
    parsed = parse('"EHCP" funding')
    assert [alternatives(c) for c in parsed.clauses] == [["ehcp"], ["funding"]]
    assert parsed.abbreviations == ()
    # Part of a longer token it is not an abbreviation either.
    assert [alternatives(c) for c in parse("SEN/EHCP").clauses] == [["sen ehcp"]]


def test_excluding_an_abbreviation_excludes_its_spelled_out_forms():
    parsed = parse("tribunal -SENCO")
    assert [(alternatives(c), c.excluded) for c in parsed.clauses] == [
        (["tribunal"], False),
        (["senco"], True),
        (["special educational needs coordinator"], True),
        (["special educational needs co ordinator"], True),
    ]
    assert to_fts5(parsed).endswith('NOT "special educational needs co ordinator"')


def test_an_abbreviation_in_an_or_joins_the_alternatives():
    parsed = parse("autism OR SEND")
    assert [alternatives(c) for c in parsed.clauses] == [
        ["autism", "send", "special educational needs"]
    ]


def test_spelled_out_forms_do_not_count_towards_the_word_limit():
    assert len(parse(" ".join(["EHCP"] * 30)).clauses) == 30
    with pytest.raises(QueryError):
        parse(" ".join(["EHCP"] * 31))


def test_relaxed_makes_any_positive_term_enough_and_keeps_exclusions():
    from pqtracker.search.query import relaxed

    loose = relaxed(parse('steps tutoring "free schools" -Kent'), ignore=frozenset({"steps"}))
    assert loose is not None
    assert [alternatives(c) for c in loose.positive] == [["tutoring", "free schools"]]
    assert [(alternatives(c), c.excluded) for c in loose.clauses[1:]] == [(["kent"], True)]
    # Only ignorable words: they are kept rather than leave nothing to search for.
    every = relaxed(parse("steps taken"), ignore=frozenset({"steps", "taken"}))
    assert every is not None and alternatives(every.clauses[0]) == ["steps", "taken"]
    assert relaxed(parse("tutoring -Kent")) is None  # one word: nothing to relax
    assert relaxed(parse("tutoring OR academies")) is None
