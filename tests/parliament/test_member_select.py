"""The member selects: options written once per list of choices, and never stale."""

from __future__ import annotations

from django import forms

from pqtracker.parliament import member_select
from pqtracker.parliament.member_select import Select


def _render(choices, value) -> str:  # type: ignore[no-untyped-def]
    widget = Select()
    widget.choices = choices
    return str(widget.render("asking_member", value))


def test_options_are_escaped_and_the_choice_marked():
    html = _render([("", "Any member"), (1, "Ann <b>Jones</b>"), (2, 'Bob "B" O\'Neil')], 2)
    assert '<option value="">Any member</option>' in html
    assert '<option value="1">Ann &lt;b&gt;Jones&lt;/b&gt;</option>' in html
    assert '<option value="2" selected>Bob &quot;B&quot; O&#x27;Neil</option>' in html


def test_reused_options_mark_only_this_requests_choice():
    choices = [("", "Any member"), (1, "Ann"), (2, "Bob")]
    assert '<option value="1" selected>' in _render(choices, 1)
    second = _render(list(choices), 2)
    assert '<option value="1">Ann</option>' in second
    assert '<option value="2" selected>Bob</option>' in second
    nothing = _render(list(choices), None)
    assert nothing.count("selected") == 1 and '<option value="" selected>' in nothing


def test_changed_choices_are_written_again_not_served_from_before():
    """The key is the choices themselves: a renamed member, another database's members, or a
    new asker can never be served an earlier list."""
    _render([("", "Any member"), (1, "Ann")], None)
    assert ">Anne</option>" in _render([("", "Any member"), (1, "Anne")], None)
    assert ">Carl</option>" in _render([("", "Any member"), (1, "Ann"), (3, "Carl")], None)


def test_kept_lists_are_bounded(monkeypatch):
    monkeypatch.setattr(member_select, "KEPT_OPTION_LISTS", 2)
    for n in range(5):
        _render([("", "Any member"), (n, f"Member {n}")], None)
    assert len(member_select._written) <= 2


def test_widget_is_still_a_select_for_crispy_forms():
    assert issubclass(Select, forms.Select) and Select.__name__ == "Select"
