"""``bulk_sql.insert_objects``: rows go in as the ORM writes them; bad values are refused."""

from __future__ import annotations

import datetime

import pytest
from django.db import DataError, transaction
from django.utils import timezone

from pqtracker.parliament.bulk_sql import insert_objects, new_instance
from pqtracker.parliament.models import Answer, QuestionGroupLink, WrittenQuestion

pytestmark = pytest.mark.django_db


def question(n: int, **values) -> WrittenQuestion:
    return new_instance(
        WrittenQuestion,
        {
            "parliament_id": 1_800_000 + n,
            "uin": str(60_000 + n),
            "house": "Commons",
            "date_tabled": datetime.date(2024, 11, 13),
            **values,
        },
    )


def test_rows_read_back_as_written_with_their_new_keys():
    seen = timezone.now().replace(microsecond=123456)
    objs = [
        question(
            1,
            heading='Pupils: Wellbeing ‘quoted’ \\ back"slash, {braces}',
            question_text="Line one\nline two\ttabbed, NULL, {1,2}",
            is_named_day=True,
            date_for_answer=datetime.date(2024, 11, 18),
            last_seen_at=seen,
        ),
        question(2),  # every optional column empty
    ]
    insert_objects(WrittenQuestion, objs)

    first, second = (WrittenQuestion.objects.get(pk=obj.pk) for obj in objs)
    assert first.parliament_id == 1_800_001 and second.parliament_id == 1_800_002
    assert first.heading == objs[0].heading and first.question_text == objs[0].question_text
    assert first.is_named_day is True and second.is_named_day is False
    assert first.date_for_answer == datetime.date(2024, 11, 18) and second.date_for_answer is None
    assert first.last_seen_at == seen and second.last_seen_at is None
    assert first.first_seen_at == first.updated_at  # one time stamped for the statement

    answer = new_instance(
        Answer, {"question": first, "answer_html": "<p>Yes.</p>", "answer_text": "Yes."}
    )
    link = QuestionGroupLink(question=second, uin="123", date_tabled=None)
    insert_objects(Answer, [answer])
    insert_objects(QuestionGroupLink, [link])
    assert Answer.objects.get(pk=answer.pk).question_id == first.pk
    assert QuestionGroupLink.objects.get(question=second).date_tabled is None


@pytest.mark.postgres
def test_an_over_long_value_is_refused_not_cut_short():
    with pytest.raises(DataError), transaction.atomic():
        insert_objects(WrittenQuestion, [question(1, uin="9" * 21)])
    assert not WrittenQuestion.objects.exists()


def test_the_any_lookup_matches_as_in_does():
    objs = [question(n) for n in range(3)]
    insert_objects(WrittenQuestion, objs)
    answer = new_instance(Answer, {"question": objs[1], "answer_html": "", "answer_text": ""})
    insert_objects(Answer, [answer])

    def uins(**lookup) -> set[str]:
        return set(WrittenQuestion.objects.filter(**lookup).values_list("uin", flat=True))

    assert uins(uin__any=["60000", "60002", None, "nope"]) == {"60000", "60002"}
    assert uins(parliament_id__any={1_800_001}) == {"60001"}
    assert uins(uin__any=[]) == set()
    assert list(Answer.objects.filter(question_id__any=[objs[1].pk, objs[2].pk])) == [answer]
    assert not Answer.objects.filter(question_id__any=[objs[0].pk]).exists()


@pytest.mark.postgres
def test_the_any_lookup_is_one_array_parameter_on_postgresql():
    sql, params = WrittenQuestion.objects.filter(uin__any=["1", "2", "3"]).query.sql_with_params()
    assert '"uin" = ANY(%s::varchar[])' in sql
    assert params == (["1", "2", "3"],)


def test_keys_are_new_after_the_highest_ever_used_not_reused():
    first = [question(1), question(2)]
    insert_objects(WrittenQuestion, first)
    assert first[1].pk == first[0].pk + 1
    WrittenQuestion.objects.filter(pk=first[1].pk).delete()  # the highest key goes

    later = [question(3), question(4)]
    insert_objects(WrittenQuestion, later)

    assert later[0].pk > first[1].pk and later[1].pk == later[0].pk + 1
    assert WrittenQuestion.objects.get(pk=later[1].pk).parliament_id == 1_800_004
    made = WrittenQuestion.objects.create(
        parliament_id=5, uin="5", house="Commons", date_tabled=datetime.date(2024, 11, 13)
    )
    assert made.pk > later[1].pk  # the engine's own next key follows them
