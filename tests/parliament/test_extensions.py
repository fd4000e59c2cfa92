"""Higher apps add to the record's pages through parliament.extensions, never by being imported."""

from __future__ import annotations

import pytest

from pqtracker.parliament import extensions
from tests.factories import WrittenQuestionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def registered():  # type: ignore[no-untyped-def]
    """A panel in each region, a row tag and a filter, as another app's ready() would add them;
    removed afterwards so other tests see only the project's own."""
    keys = ("test-heading", "test-main", "test-side")
    extensions.register_question_panel(
        extensions.QuestionPanel(
            key="test-heading",
            template="components/tag.html",
            context=lambda request, q: {"tag": extensions.Tag("Heading tag", "red")},
            region=extensions.HEADING,
        )
    )
    extensions.register_question_panel(
        extensions.QuestionPanel(
            key="test-main",
            template="search/_similar.html",
            context=lambda request, q: None,  # hidden
        )
    )
    extensions.register_question_panel(
        extensions.QuestionPanel(
            key="test-side",
            template="components/tag.html",
            context=lambda request, q: {"tag": extensions.Tag(f"Side for {q.uin}")},
            region=extensions.SIDE,
        )
    )
    extensions.register_tag_provider(
        extensions.TagProvider(
            key="test-tags", tags_for=lambda ids: {pk: [extensions.Tag("Row tag")] for pk in ids}
        )
    )
    extensions.register_question_filter(
        extensions.QuestionFilter(key="test_only", apply=lambda qs, value: qs.filter(uin=value))
    )
    yield
    registry = extensions._registry
    for key in keys:
        registry.panels.pop(key, None)
    registry.tag_providers.pop("test-tags", None)
    registry.filters.pop("test_only", None)


def test_question_page_renders_registered_panels_by_region(client, viewer, registered):
    question = WrittenQuestionFactory(uin="4242")
    client.force_login(viewer)
    response = client.get(question.get_absolute_url())
    body = response.content.decode()
    assert "Heading tag" in body and "govuk-tag--red" in body
    assert "Side for 4242" in body
    shown = {p.key for region in response.context["panels"].values() for p in region}
    assert {"test-heading", "test-side"} <= shown and "test-main" not in shown


def test_list_rows_carry_registered_tags_and_registered_filters_apply(registered):
    from pqtracker.parliament.filters import QuestionCriteria, filter_questions
    from pqtracker.parliament.models import WrittenQuestion

    wanted = WrittenQuestionFactory(uin="1")
    WrittenQuestionFactory(uin="2")
    assert extensions.tags_for([wanted.pk]) == {wanted.pk: [extensions.Tag("Row tag")]}
    found = filter_questions(
        WrittenQuestion.objects.all(), QuestionCriteria(contributed=(("test_only", "1"),))
    )
    assert list(found) == [wanted]
    unset = QuestionCriteria(contributed=(("test_only", ""),))
    assert filter_questions(WrittenQuestion.objects.all(), unset).count() == 2


def test_search_registers_its_panels_tag_and_filter():
    keys = {p.key for p in extensions.question_panels()}
    assert {"search-similar", "search-near-duplicates", "search-possible-duplicate"} <= keys
    assert extensions.question_filter("possible_duplicates") is not None


def test_a_per_user_tag_provider_is_asked_with_the_viewer_and_skipped_without_one(viewer):
    question = WrittenQuestionFactory()
    seen = []

    def tags_for(question_ids, user):  # type: ignore[no-untyped-def]
        seen.append(user)
        return {pk: [extensions.Tag(f"For {user.username}")] for pk in question_ids}

    extensions.register_tag_provider(
        extensions.TagProvider(key="test-per-user", tags_for=tags_for, per_user=True)
    )
    try:
        assert extensions.tags_for([question.pk], viewer)[question.pk] == [
            extensions.Tag("For viewer")
        ]
        assert question.pk not in extensions.tags_for([question.pk])
    finally:
        del extensions._registry.tag_providers["test-per-user"]
    assert seen == [viewer]
