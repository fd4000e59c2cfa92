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


# --- The kept choices -----------------------------------------------------------------------


def _askers():  # type: ignore[no-untyped-def]
    from pqtracker.parliament.forms import members_who

    return member_select.member_choices("asking_member", members_who("asking_member"))


def test_choices_are_reused_while_the_record_is_unchanged(db, django_assert_num_queries):
    from tests.factories import WrittenQuestionFactory

    WrittenQuestionFactory()
    first = _askers()
    with django_assert_num_queries(0):  # the record's generation is read from the cache
        assert _askers() is first


def test_a_new_question_or_a_changed_member_reads_them_again(db):
    from tests.factories import MemberFactory, WrittenQuestionFactory

    ann = MemberFactory(name_display="Ann")
    WrittenQuestionFactory(asking_member=ann)
    assert [name for _pk, name in _askers().rows] == ["Ann"]
    WrittenQuestionFactory(asking_member=MemberFactory(name_display="Bob"))
    assert [name for _pk, name in _askers().rows] == ["Ann", "Bob"]
    ann.name_display = "Ann Smith"
    ann.save()
    assert "Ann Smith" in [name for _pk, name in _askers().rows]


def test_the_same_ids_written_again_are_not_mistaken_for_the_kept_ones(db):
    """After a rollback SQLite gives the same ids again: the record's generation, renewed by
    every write, tells the records apart."""
    from pqtracker.parliament.models import Member
    from tests.factories import MemberFactory, WrittenQuestionFactory

    question = WrittenQuestionFactory(asking_member=MemberFactory(name_display="Ann"))
    kept = _askers()
    # Another record with the same ids, counts and name lengths, written later.
    Member.objects.filter(pk=question.asking_member_id).update(name_display="Bob")
    question.save()
    assert _askers() is not kept
    assert [name for _pk, name in _askers().rows] == ["Bob"]


def test_an_older_question_newly_answered_shows_its_minister_at_once(db):
    """A write to any question, not only the newest, renews the record's generation."""
    from pqtracker.parliament.forms import members_who
    from pqtracker.parliament.models import WrittenQuestion
    from tests.factories import MemberFactory, WrittenQuestionFactory

    older = WrittenQuestionFactory()
    WrittenQuestionFactory()
    carl = MemberFactory(name_display="Carl")
    answerers = member_select.member_choices("answering_member", members_who("answering_member"))
    assert "Carl" not in [name for _pk, name in answerers.rows]
    question = WrittenQuestion.objects.get(pk=older.pk)
    question.answering_member = carl
    question.save()
    answerers = member_select.member_choices("answering_member", members_who("answering_member"))
    assert "Carl" in [name for _pk, name in answerers.rows]


def test_choices_are_read_again_after_the_maximum_age(db, monkeypatch):
    from tests.factories import WrittenQuestionFactory

    WrittenQuestionFactory()
    first = _askers()
    monkeypatch.setattr(member_select, "MEMBER_CHOICES_MAX_AGE", 0)
    assert _askers() is not first
