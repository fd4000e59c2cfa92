"""The search query language, parsed in Python so both engines get the same meaning.

Users type words, ``"exact phrases"``, ``OR`` between two alternatives and ``-excluded`` terms.
A parsed query is a list of clauses that must all hold; each clause is a set of alternatives
(``OR``) or one excluded term. Terms are reduced to their word characters, so no engine
operator typed by a user (FTS5's ``NEAR``, ``*``, ``^``, column filters; tsquery's ``&``, ``|``,
``!``) ever reaches an engine: each backend renders the clauses in its own syntax.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# PostgreSQL's 'english' configuration drops these words; FTS5 has no stop words. Dropping them
# here (outside phrases) makes both engines agree on what "care and support" means.
STOP_WORDS = frozenset(
    """a about above after again against all am an and any are as at be because been before being
    below between both but by can did do does doing down during each few for from further had
    has have having he her here hers herself him himself his how i if in into is it its itself
    just me more most my myself no nor not now of off on once only or other our ours ourselves
    out over own s same she should so some such t than that the their theirs them themselves
    then there these they this those through to too under until up very was we were what when
    where which while who whom why will with you your yours yourself yourselves""".split()  # noqa: SIM905 - a word list reads best as text
)

# Abbreviations a PQ team types for what questions and answers often spell out ("EHCP" for
# "education, health and care plan"). A bare abbreviation also finds its spelled-out forms; in
# quotes it is matched as typed. Only abbreviations with one meaning in the department's work.
_SPELLED_OUT = {
    "ehcp": ("ehc plan", "education health and care plan"),
    "send": ("special educational needs",),
    "sen": ("special educational needs",),
    "senco": ("special educational needs coordinator", "special educational needs co ordinator"),
    "dsg": ("dedicated schools grant",),
    "fsm": ("free school meals",),
    "camhs": ("child and adolescent mental health services",),
    "semh": ("social emotional and mental health",),
    "slcn": ("speech language and communication needs",),
    "adhd": ("attention deficit hyperactivity disorder",),
    "asd": ("autism spectrum disorder", "autistic spectrum disorder"),
    "neet": ("not in education employment or training",),
    "itt": ("initial teacher training",),
    "ect": ("early career teacher",),
    "dfe": ("department for education",),
}
ABBREVIATIONS: dict[str, tuple[str, ...]] = {
    **_SPELLED_OUT,
    # Plurals typed as such ("EHCPs"): both engines stem the spelled-out forms already.
    **{
        f"{short}s": long
        for short, long in _SPELLED_OUT.items()
        if short in {"ehcp", "senco", "ect"}
    },
}

UIN_PATTERN = re.compile(r"^(?:HL)?\d{1,7}$", re.IGNORECASE)
_WORD = re.compile(r"\w+")
# A quoted phrase, an unquoted run of non-space characters, or a lone quote (unbalanced).
_TOKEN = re.compile(r'(-?)"([^"]*)"|(\S+)')
MAX_QUERY_LENGTH = 500
MAX_TERMS = 30


class QueryError(ValueError):
    """A query we cannot run, with a message written for the person who typed it."""


@dataclass(frozen=True)
class Term:
    """A word or phrase: one or more word tokens that must appear together, in order."""

    words: tuple[str, ...]

    @property
    def is_phrase(self) -> bool:
        return len(self.words) > 1

    @property
    def text(self) -> str:
        """The words as the engines are given them: in order, one space apart."""
        return " ".join(self.words)


@dataclass(frozen=True)
class Clause:
    """Alternatives of which one must match, or (``excluded``) one term that must not."""

    alternatives: tuple[Term, ...]
    excluded: bool = False


@dataclass(frozen=True)
class ParsedQuery:
    clauses: tuple[Clause, ...]
    # The abbreviations searched for in their spelled-out forms too, as typed ("EHCP").
    abbreviations: tuple[str, ...] = ()

    @property
    def spelled_out(self) -> list[tuple[str, tuple[str, ...]]]:
        """Each abbreviation expanded, with the forms it also found (for the results page)."""
        return [(short, ABBREVIATIONS[short.lower()]) for short in self.abbreviations]

    @property
    def positive(self) -> tuple[Clause, ...]:
        return tuple(c for c in self.clauses if not c.excluded)

    @property
    def words(self) -> list[str]:
        """Every word a match may contain (for highlighting and distinctive-term picking)."""
        return [w for c in self.positive for t in c.alternatives for w in t.words]


def uin_in(text: str) -> str | None:
    """The UIN when the whole query is one (``87924``, ``HL1234``), upper-cased."""
    candidate = text.strip()
    return candidate.upper() if UIN_PATTERN.match(candidate) else None


def _term(raw: str, *, phrase: bool) -> Term | None:
    words = tuple(w.lower() for w in _WORD.findall(raw))
    if not phrase:
        words = tuple(w for w in words if w not in STOP_WORDS)
    return Term(words) if words else None


def _with_spelled_out(term: Term) -> tuple[Term, ...]:
    """``term`` and, for an abbreviation, its spelled-out forms (alternatives of one clause)."""
    if term.is_phrase or term.words[0] not in ABBREVIATIONS:
        return (term,)
    return (term, *(Term(tuple(form.split())) for form in ABBREVIATIONS[term.words[0]]))


def parse(text: str) -> ParsedQuery:
    """Parse what the user typed, or raise QueryError saying how to put it right."""
    text = text.strip()
    if len(text) > MAX_QUERY_LENGTH:
        raise QueryError(f"Search for {MAX_QUERY_LENGTH} characters or fewer.")
    if text.count('"') % 2:
        raise QueryError('Your search has an opening quote mark (") without a closing one.')
    # (kind, term, excluded, bare word as typed); kind "term" or "or"
    items: list[tuple[str, Term | None, bool, str]] = []
    for match in _TOKEN.finditer(text):
        minus, phrase, bare = match.groups()
        if phrase is not None:
            if not phrase.strip():
                raise QueryError('Put some words between the quote marks ("), or remove them.')
            items.append(("term", _term(phrase, phrase=True), bool(minus), ""))
        elif bare == "OR":
            items.append(("or", None, False, ""))
        elif bare.startswith("-") and len(bare) > 1:
            items.append(("term", _term(bare[1:], phrase=False), True, bare[1:]))
        else:
            items.append(("term", _term(bare, phrase=False), False, bare))

    clauses: list[Clause] = []
    abbreviations: list[str] = []
    pending_or = False
    for kind, term, excluded, typed in items:
        if kind == "or":
            if not clauses or clauses[-1].excluded or pending_or:
                raise QueryError(
                    "Put OR between two words or phrases, for example: academies OR free schools."
                )
            pending_or = True
            continue
        if term is None:
            # A stop word or punctuation alone: nothing to match, but an OR that wanted it is
            # still dangling, which the check below reports.
            continue
        terms = _with_spelled_out(term) if typed else (term,)
        if len(terms) > 1:
            # As typed ("EHCPs", not "ehcps"), without the punctuation around it.
            shown = next(w for w in _WORD.findall(typed) if w.lower() == term.words[0])
            if shown not in abbreviations:
                abbreviations.append(shown)
        if pending_or:
            if excluded:
                raise QueryError("You cannot exclude a word straight after OR.")
            last = clauses.pop()
            clauses.append(Clause(last.alternatives + terms))
            pending_or = False
        elif excluded:
            # Excluding an abbreviation excludes its spelled-out forms too: a clause each.
            clauses.extend(Clause((t,), excluded=True) for t in terms)
        else:
            clauses.append(Clause(terms))
    if pending_or:
        raise QueryError(
            "Put OR between two words or phrases, for example: academies OR free schools."
        )
    if not clauses:
        if items:
            raise QueryError(
                "Your search only has very common words or symbols. Add a word that says what the "
                "question is about."
            )
        raise QueryError("Enter words to search for.")
    if not any(not c.excluded for c in clauses):
        raise QueryError(
            "Add at least one word to search for: a minus sign (-) only excludes, "
            'as in "tutoring -national".'
        )
    typed_words = sum(len(t.words) for _, t, _, _ in items if t is not None)
    if typed_words > MAX_TERMS:
        raise QueryError(f"Search for {MAX_TERMS} words or fewer.")
    return ParsedQuery(tuple(clauses), abbreviations=tuple(abbreviations))


def phrases(query: ParsedQuery) -> list[str]:
    """The phrases every match must contain: those standing alone in a clause, not ORed."""
    return [
        clause.alternatives[0].text
        for clause in query.positive
        if len(clause.alternatives) == 1 and clause.alternatives[0].is_phrase
    ]


def to_fts5(query: ParsedQuery) -> str:
    """An FTS5 MATCH expression. Every term is double-quoted (a string, never an operator)."""
    positive, negative = [], []
    for clause in query.clauses:
        alternatives = [f'"{t.text}"' for t in clause.alternatives]
        if clause.excluded:
            negative.append(alternatives[0])
        elif len(alternatives) == 1:
            positive.append(alternatives[0])
        else:
            positive.append("(" + " OR ".join(alternatives) + ")")
    expression = " AND ".join(positive)
    for term in negative:
        expression = f"({expression}) NOT {term}"
    return expression


def relaxed(query: ParsedQuery, ignore: frozenset[str] = frozenset()) -> ParsedQuery | None:
    """``query`` with any one of its positive terms enough (exclusions kept), or None when that
    would be the same query. Words in ``ignore`` (ones nearly every question uses) are left out
    when something else remains, so they do not decide what "some of your words" finds."""
    if len(query.positive) < 2:
        return None
    terms = [t for c in query.positive for t in c.alternatives]
    telling = [t for t in terms if t.is_phrase or t.words[0] not in ignore]
    excluded = tuple(c for c in query.clauses if c.excluded)
    return ParsedQuery((Clause(tuple(telling or terms)), *excluded), query.abbreviations)
