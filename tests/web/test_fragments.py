"""Components rendered once per value (web.fragments) give the template's own HTML."""

from __future__ import annotations

from django.template import Engine
from django.template.loader import render_to_string

from pqtracker.web import fragments
from pqtracker.web.fragments import rendered


def test_a_kept_fragment_is_the_templates_html_escaped():
    context = {"tag": {"text": "<b>Odd</b> & co", "colour": "grey"}}
    html = rendered("components/tag.html", context, ("<b>Odd</b> & co", "grey"))
    assert html == render_to_string("components/tag.html", context)
    assert "&lt;b&gt;Odd&lt;/b&gt; &amp; co" in html
    # Kept: the same key gives the same string without rendering again.
    assert rendered("components/tag.html", context, ("<b>Odd</b> & co", "grey")) is html


def test_a_reloaded_template_is_rendered_afresh(monkeypatch):
    context = {"tag": {"text": "Answered", "colour": "green"}}
    first = rendered("components/tag.html", context, "answered")
    # What the cached loader gives after the development server sees an edit: a new Template.
    edited = Engine.get_default().from_string("<i>{{ tag.text }}</i>")
    monkeypatch.setattr(fragments, "_template", lambda name: edited)
    assert rendered("components/tag.html", context, "answered") == "<i>Answered</i>"
    assert first != "<i>Answered</i>"


def test_the_kept_fragments_are_bounded(monkeypatch):
    monkeypatch.setattr(fragments, "MAX_KEPT", 3)
    monkeypatch.setattr(fragments, "_kept", {})
    for n in range(10):
        rendered("components/tag.html", {"tag": {"text": str(n), "colour": ""}}, n)
        assert len(fragments._kept) <= 3
