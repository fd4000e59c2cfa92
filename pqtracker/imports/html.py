"""Answer HTML from Parliament made safe to show, and plain text made from it for search.

Parliament's answers are HTML written by departments (paragraphs, lists, tables, links that
open in new windows). We keep a strict allow-list through nh3 (the Rust ``ammonia`` sanitiser)
rather than a deny-list: anything not listed here is dropped.
"""

from __future__ import annotations

import re
import urllib.parse

import nh3
from bs4 import BeautifulSoup, NavigableString, Tag

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
_WHITESPACE = re.compile(r"\s+")
_SPACES = re.compile(r"[ \t\f\v\u00a0\u2000-\u200b\u202f\u205f\u3000]+")


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


def html_to_text(html: str) -> str:
    """Plain text of an answer: one line per paragraph, list item or table row, cells apart.

    Parliament's own plain preview drops tags without spaces, so table cells run together
    ("Year2019Total12"); this keeps them apart for search and snippets.
    """
    if not html:
        return ""
    soup = BeautifulSoup(html, "html.parser")
    for element in soup(["script", "style", "template", "noscript"]):
        element.decompose()
    # Source line breaks are only spaces in HTML; the separators added below make the lines.
    for string in soup.find_all(string=True):
        if type(string) is NavigableString:
            string.replace_with(_WHITESPACE.sub(" ", string))
    for element in soup.find_all(True):
        if not isinstance(element, Tag):
            continue
        name = element.name.lower()
        if name in _CELLS:
            element.insert_after(NavigableString(" \t "))
        elif name in _BLOCKS:
            element.insert_before(NavigableString("\n"))
            element.insert_after(NavigableString("\n"))
    text = soup.get_text()
    lines = (_SPACES.sub(" ", line).strip() for line in text.replace("\r", "\n").split("\n"))
    return "\n".join(line for line in lines if line)
