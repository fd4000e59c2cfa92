"""Answer HTML from Parliament made safe to show, and plain text made from it for search.

Parliament's answers are HTML written by departments (paragraphs, lists, tables, links that
open in new windows). We keep a strict allow-list through nh3 (the Rust ``ammonia`` sanitiser)
rather than a deny-list: anything not listed here is dropped.
"""

from __future__ import annotations

import re
import urllib.parse
from html.parser import HTMLParser

import nh3
from bs4.dammit import EntitySubstitution, UnicodeDammit

from pqtracker.search.sentinels import strip_sentinels

ALLOWED_TAGS = {
    "p",
    "br",
    "ul",
    "ol",
    "li",
    "table",
    "thead",
    "tbody",
    "tfoot",
    "tr",
    "th",
    "td",
    "caption",
    "strong",
    "b",
    "em",
    "i",
    "u",
    "a",
    "h3",
    "h4",
    "h5",
    "h6",
    "blockquote",
    "sup",
    "sub",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "th": {"colspan", "rowspan", "scope"},
    "td": {"colspan", "rowspan"},
    "ol": {"start"},
}
# Removed with everything inside them, not just unwrapped: their content is code or chrome.
DROPPED_WITH_CONTENT = {
    "script",
    "style",
    "iframe",
    "object",
    "embed",
    "noscript",
    "template",
    "svg",
    "math",
    "textarea",
    "select",
    "button",
    "title",
}
URL_SCHEMES = {"http", "https", "mailto"}

_BLOCKS = {
    "p",
    "div",
    "br",
    "ul",
    "ol",
    "li",
    "table",
    "thead",
    "tbody",
    "tfoot",
    "tr",
    "caption",
    "blockquote",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "section",
    "article",
    "header",
    "footer",
    "pre",
    "hr",
    "dl",
    "dt",
    "dd",
}
_CELLS = {"td", "th"}
_VOID = {
    "area",
    "base",
    "br",
    "col",
    "embed",
    "hr",
    "img",
    "input",
    "keygen",
    "link",
    "menuitem",
    "meta",
    "param",
    "source",
    "track",
    "wbr",
    "basefont",
    "bgsound",
    "command",
    "frame",
    "image",
    "isindex",
    "nextid",
    "spacer",
}
# Not text: removed with their content (script and style arrive as raw text in html.parser).
_DROPPED = {"script", "style", "template", "noscript"}
# Ruby annotations: Beautiful Soup keeps their text apart from the document's.
_MUTED = {"rt", "rp"}
# A tag as the sanitiser writes it (attribute values never hold "<" or ">" here), or text.
_SIMPLE_TOKEN = re.compile(
    r'<(/?)([a-z][a-z0-9]*)((?:\s+[a-z][a-z0-9-]*="[^"<>]*")*)\s*(/?)>|([^<]+)'
)
_REFERENCE = re.compile(r"&(?:#([0-9]+)|#[xX]([0-9a-fA-F]+)|([a-zA-Z][a-zA-Z0-9]*));")
_DECIMAL = re.compile(r"([0-9]+)(.*)", re.DOTALL)
_HEX = re.compile(r"([0-9a-f]+)(.*)", re.DOTALL)
# The spaces HTML text shows as one: plain, tab, form feed, vertical tab, no-break, the
# typographic spaces U+2000-U+200B and three more.
_SPACE_CHARACTERS = (
    " \t\f\v\u00a0" + "".join(map(chr, range(0x2000, 0x200C))) + "\u202f\u205f\u3000"
)
_SPACES = re.compile(f"[{_SPACE_CHARACTERS}]+")
# Any of those but the plain space: a line without them (and without two spaces together)
# needs no substitution, and testing for each is far cheaper than the pattern's pass.
_ODD_SPACES = _SPACE_CHARACTERS[1:]


def collapse_whitespace(data: str) -> str:
    """Every run of whitespace (``str.isspace``, as the ``\\s`` of a pattern) as one space.

    ``str.split`` finds the runs in C; a pattern testing each of a paragraph's spaces cost
    about 20 µs an answer.
    """
    words = data.split()
    if not words:
        return " " if data else ""
    text = " ".join(words)
    if data[0].isspace():
        text = " " + text
    if data[-1].isspace():
        text += " "
    return text


def _collapse_spaces(text: str) -> str:
    """Runs of the spaces HTML shows as one (``_SPACE_CHARACTERS``, line breaks apart) as one."""
    if "  " in text or any(character in text for character in _ODD_SPACES):
        return _SPACES.sub(" ", text)
    return text


def _keep_attribute(tag: str, attribute: str, value: str) -> str | None:
    if attribute != "href":
        return value
    # Only absolute web and mail links: a relative link would point into this service.
    scheme = urllib.parse.urlsplit(value.strip()).scheme.lower()
    return value.strip() if scheme in URL_SCHEMES else None


def sanitise_html(raw: str) -> str:
    """Answer HTML reduced to the allow-list; every link gets ``rel="noopener noreferrer"``."""
    if not raw:
        return ""
    cleaned = nh3.clean(
        raw,
        tags=ALLOWED_TAGS,
        clean_content_tags=DROPPED_WITH_CONTENT,
        attributes=ALLOWED_ATTRIBUTES,
        attribute_filter=_keep_attribute,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
    )
    return cleaned.strip()


class _TextExtractor(HTMLParser):
    """One pass over the HTML, emulating the tree BeautifulSoup's ``html.parser`` builder makes.

    The text used to come from a BeautifulSoup tree (about 190 µs an answer, most of an
    import's parse time); this keeps that tree's rules without building it: an end tag closes
    every element opened inside the one it names, a stray end tag is ignored, void elements close
    at once, character references resolve as Beautiful Soup resolves them, comments and
    declarations are not text, and text inside ``<rt>``/``<rp>`` is not text either.
    """

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.parts: list[str] = []
        # Open elements as (name, whether its separators show), and how many of each name.
        self.stack: list[tuple[str, bool]] = []
        self.open: dict[str, int] = {}
        self.dropped = 0  # open elements removed with their content
        self.muted = 0  # open ruby annotations

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._start(tag)
        if tag in _VOID:
            self._pop()

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._start(tag)
        self._pop()

    def _start(self, tag: str) -> None:
        shown = not self.dropped
        if shown and tag in _BLOCKS:
            self.parts.append("\n")
        self.stack.append((tag, shown))
        self.open[tag] = self.open.get(tag, 0) + 1
        if tag in _DROPPED:
            self.dropped += 1
        elif tag in _MUTED:
            self.muted += 1

    def _pop(self) -> str:
        tag, shown = self.stack.pop()
        self.open[tag] -= 1
        if tag in _DROPPED:
            self.dropped -= 1
        elif tag in _MUTED:
            self.muted -= 1
        if shown:
            if tag in _CELLS:
                self.parts.append(" ")
            elif tag in _BLOCKS:
                self.parts.append("\n")
        return tag

    def handle_endtag(self, tag: str) -> None:
        if self.open.get(tag):
            while self._pop() != tag:
                pass

    def handle_data(self, data: str) -> None:
        if not self.dropped and not self.muted:
            # Source line breaks are only spaces in HTML; the separators make the lines.
            self.parts.append(collapse_whitespace(data))

    def handle_charref(self, name: str) -> None:
        base, digits = (16, name[1:]) if name[:1] in ("x", "X") else (10, name)
        try:
            number = int(digits, base)
        except ValueError:
            # An unterminated reference ("&#12abc"): the leading number, then the rest as text.
            match = (_HEX if base == 16 else _DECIMAL).match(digits)
            if match is None:
                self.handle_data(name)
                return
            number, digits = int(match[1], base), match[2]
            self.handle_data(UnicodeDammit.numeric_character_reference(number)[0])
            self.handle_data(digits)
            return
        self.handle_data(UnicodeDammit.numeric_character_reference(number)[0])

    def handle_entityref(self, name: str) -> None:
        self.handle_data(_entity(name))

    def unknown_decl(self, data: str) -> None:
        # CDATA sections are text, kept as written; other declarations are not.
        if data.upper().startswith("CDATA[") and not self.dropped:
            self.parts.append(data[6:])


def _entity(name: str) -> str:
    character = EntitySubstitution.HTML_ENTITY_TO_CHARACTER.get(name)
    return f"&{name}" if character is None else character


def _reference(match: re.Match[str]) -> str:
    decimal, hexadecimal, name = match.groups()
    if name is not None:
        return _entity(name)
    number = int(decimal, 10) if decimal is not None else int(hexadecimal, 16)
    return UnicodeDammit.numeric_character_reference(number)[0]


def _extract_simple(html: str, extractor: _TextExtractor) -> bool:
    """Feed ``extractor`` from HTML as the sanitiser writes it, without ``html.parser``.

    ``sanitise_html`` output is regular: allow-listed lower-case tags, attributes always
    ``name="value"``, ``&`` only in complete references. For such input the tokens are the ones
    ``html.parser`` would find, at a fraction of the cost. Returns False, having fed nothing,
    for anything else (the caller then parses it in full).
    """
    tokens = []
    position = 0
    for match in _SIMPLE_TOKEN.finditer(html):
        if match.start() != position:
            return False
        position = match.end()
        closing, tag, attributes, self_closing, text = match.groups()
        if text is None:
            if tag not in ALLOWED_TAGS or (closing and (attributes or self_closing)):
                return False
        elif "&" in text:
            if text.count("&") != len(_REFERENCE.findall(text)):
                return False
            text = _REFERENCE.sub(_reference, text)
        tokens.append((closing, tag, self_closing, text))
    if position != len(html):
        return False
    for closing, tag, self_closing, text in tokens:
        if text is not None:
            extractor.handle_data(text)
        elif closing:
            extractor.handle_endtag(tag)
        elif self_closing:
            extractor.handle_startendtag(tag, [])
        else:
            extractor.handle_starttag(tag, [])
    return True


def html_to_text(html: str) -> str:
    """Plain text of an answer: one line per paragraph, list item or table row, cells apart.

    Parliament's own plain preview drops tags without spaces, so table cells run together
    ("Year2019Total12"); this keeps them apart for search and snippets.
    """
    if not html:
        return ""
    extractor = _TextExtractor()
    if not _extract_simple(html, extractor):
        extractor.feed(html)
        extractor.close()
    # Search marks its matches with these characters: the indexed text must not bring its own.
    text = strip_sentinels("".join(extractor.parts))
    lines = (line.strip() for line in _collapse_spaces(text.replace("\r", "\n")).split("\n"))
    return "\n".join(line for line in lines if line)
