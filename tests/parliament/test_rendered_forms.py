"""The filter form's rendering, kept per process: reused only for the same form, values and
choices."""

from __future__ import annotations

import pytest
from django.http import QueryDict
from django.template import Context, Template

from pqtracker.parliament import rendered_forms
from pqtracker.parliament.forms import QuestionFilterForm
from tests.factories import AnsweringBodyFactory, MemberFactory, WrittenQuestionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def renders(monkeypatch):
    """Counts crispy's renderings, on an empty store."""
    monkeypatch.setattr(rendered_forms, "_kept", rendered_forms.OrderedDict())
    made = []
    real = rendered_forms.render_crispy_form

    def counted(*args, **kwargs):  # type: ignore[no-untyped-def]
        made.append(args[0])
        return real(*args, **kwargs)

    monkeypatch.setattr(rendered_forms, "render_crispy_form", counted)
    return made


def draw(query: str = "") -> str:
    form = QuestionFilterForm(QueryDict(query) if query else None)
    form.criteria()  # as the view does: validation sets the helper's error header
    template = Template('{% load parliament_tags %}{% filter_form form layout="list" %}')
    return template.render(Context({"form": form}))


def test_the_same_form_is_rendered_once(renders):
    first = draw("house=Commons")
    assert draw("house=Commons") == first and len(renders) == 1
    assert draw("house=Commons&page=3") == first and len(renders) == 1  # the page is not drawn


def test_other_values_and_their_errors_are_rendered_anew(renders):
    commons = draw("house=Commons")
    lords = draw("house=Lords")
    assert len(renders) == 2 and commons != lords
    wrong = draw("tabled_from=31/2/2024")
    assert "Tabled from must be a real date" in wrong and len(renders) == 3


def test_a_new_member_or_department_shows_at_once(renders):
    WrittenQuestionFactory(asking_member=MemberFactory(name_display="Ann Able MP"))
    assert "Ann Able MP" in draw()
    WrittenQuestionFactory(asking_member=MemberFactory(name_display="Bob Baker MP"))
    AnsweringBodyFactory(parliament_id=99, name="Department for Nothing")
    again = draw()
    assert "Bob Baker MP" in again
    assert "Department for Nothing" in again
    assert len(renders) == 2


def test_the_choices_are_read_once_a_rendering(renders, django_assert_num_queries):
    draw()
    # Every select's choices (askers, answerers, departments) are kept under the record's
    # generation, read from the cache: the rendering reads no choice again.
    with django_assert_num_queries(0):
        draw()
    rendered_forms._kept.clear()
    with django_assert_num_queries(0):
        draw()
    assert len(renders) == 2


def test_a_rendering_with_a_csrf_token_is_never_kept(renders, monkeypatch):
    monkeypatch.setattr(
        rendered_forms, "render_crispy_form", lambda *a: '<input name="csrfmiddlewaretoken">'
    )
    draw()
    assert not rendered_forms._kept
